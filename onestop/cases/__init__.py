"""Cases (hồ sơ): the dossier of one request, its lifecycle, code, documents and event log."""
