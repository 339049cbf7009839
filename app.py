from onestop import create_app

app = create_app()
