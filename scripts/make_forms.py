"""Generate the downloadable declaration forms in procedures/forms/.

Run: /work/main/.venv/bin/python scripts/make_forms.py  (needs python-docx).
The layouts follow the official templates named in each form's reference line;
they are working copies for citizens, not facsimiles of the gazette.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from formkit import Blank, Check, Form, Grid, Text, line, write

OUT = Path(__file__).resolve().parent.parent / "procedures" / "forms"
CIVIL = "ban hành kèm theo Thông tư số 04/2020/TT-BTP (đối chiếu văn bản sửa đổi hiện hành)"
UBND_XA = "Ủy ban nhân dân xã/phường/đặc khu .........................................."

REQUESTER = [
    line("Họ, chữ đệm, tên người yêu cầu"),
    line("Nơi cư trú"),
    line("Giấy tờ tùy thân (loại, số)"),
    line("Số định danh cá nhân"),
    line("Số điện thoại", "Thư điện tử"),
]
COPIES = Check("Đề nghị cấp bản sao:", ("Có", "Không")), line("Số lượng bản sao")

FORMS = [
    Form(
        file="to-khai-dang-ky-khai-sinh.docx",
        reference=f"Mẫu Tờ khai đăng ký khai sinh {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ KHAI SINH",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với người được khai sinh"),
            Text("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", bold=True),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "ghi bằng chữ"),
            line("Giới tính", "Dân tộc", "Quốc tịch"),
            line("Nơi sinh"),
            line("Quê quán"),
            line("Số định danh cá nhân (nếu đã có)"),
            Text("Thông tin về người mẹ:", bold=True),
            line("Họ, chữ đệm, tên mẹ"),
            line("Năm sinh", "Dân tộc", "Quốc tịch"),
            line("Nơi cư trú"),
            Text("Thông tin về người cha:", bold=True),
            line("Họ, chữ đệm, tên cha"),
            line("Năm sinh", "Dân tộc", "Quốc tịch"),
            line("Nơi cư trú"),
            *COPIES,
        ],
        footnotes=["Ghi chú: Nếu chưa xác định được cha thì để trống phần thông tin về người cha."],
    ),
    Form(
        file="to-khai-dang-ky-ket-hon.docx",
        reference=f"Mẫu Tờ khai đăng ký kết hôn {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ KẾT HÔN",
        addressee=UBND_XA,
        body=[
            Grid(
                header=("Thông tin", "Bên nữ", "Bên nam"),
                rows=(
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Dân tộc",
                    "Quốc tịch",
                    "Nơi cư trú",
                    "Giấy tờ tùy thân (loại, số)",
                    "Số định danh cá nhân",
                    "Kết hôn lần thứ mấy",
                ),
            ),
            Text(
                "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của "
                "chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình "
                "Việt Nam. Chúng tôi chịu trách nhiệm trước pháp luật về cam đoan của mình."
            ),
            *COPIES,
        ],
        pledge="Đề nghị Quý cơ quan đăng ký.",
        signer="BÊN NỮ                                  BÊN NAM",
        signer_hint="(Ký, ghi rõ họ, chữ đệm, tên)",
    ),
    Form(
        file="to-khai-dang-ky-khai-tu.docx",
        reference=f"Mẫu Tờ khai đăng ký khai tử {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ KHAI TỬ",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với người đã chết"),
            Text("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:", bold=True),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh"),
            line("Giới tính", "Dân tộc", "Quốc tịch"),
            line("Giấy tờ tùy thân (loại, số)"),
            line("Nơi cư trú cuối cùng"),
            line("Đã chết vào lúc", "giờ", "phút"),
            line("ngày", "tháng", "năm"),
            line("Nơi chết"),
            line("Nguyên nhân chết"),
            line("Số Giấy báo tử / giấy tờ thay thế", "ngày cấp"),
            line("Cơ quan cấp"),
            *COPIES,
        ],
    ),
    Form(
        file="to-khai-thay-doi-cai-chinh-bo-sung-ho-tich.docx",
        reference=f"Mẫu Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với người được thay đổi, cải chính, bổ sung"),
            Text("Đề nghị cơ quan đăng ký việc thay đổi, cải chính, bổ sung cho người dưới đây:"),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Nơi cư trú"),
            line("Số định danh cá nhân"),
            line("Đã đăng ký tại", "ngày"),
            line("theo Giấy/Trích lục số", "quyển số"),
            Text("Nội dung thay đổi, cải chính, bổ sung:", bold=True),
            line("Từ"),
            line("Thành"),
            line("Lý do"),
            Blank(2),
            *COPIES,
        ],
    ),
    Form(
        file="to-khai-cap-ban-sao-trich-luc-ho-tich.docx",
        reference=f"Mẫu Tờ khai cấp bản sao trích lục hộ tịch {CIVIL}",
        title="TỜ KHAI CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với người được cấp bản sao trích lục"),
            Text("Đề nghị cấp bản sao trích lục hộ tịch cho người dưới đây:"),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Nơi cư trú"),
            line("Số định danh cá nhân"),
            Check(
                "Loại việc hộ tịch:",
                ("Khai sinh", "Kết hôn", "Khai tử", "Giám hộ", "Nhận cha, mẹ, con", "Khác"),
            ),
            line("Đã đăng ký tại", "ngày"),
            line("Số", "quyển số"),
            line("Số lượng bản sao đề nghị cấp"),
        ],
    ),
    Form(
        file="to-khai-cap-giay-xac-nhan-tinh-trang-hon-nhan.docx",
        reference=f"Mẫu Tờ khai cấp Giấy xác nhận tình trạng hôn nhân {CIVIL}",
        title="TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với người được cấp Giấy xác nhận"),
            Text("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:"),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Dân tộc", "Quốc tịch"),
            line("Giấy tờ tùy thân (loại, số)"),
            line("Nơi cư trú"),
            line("Trong thời gian cư trú tại", "từ ngày"),
            line("đến ngày"),
            line("Tình trạng hôn nhân"),
            line("Mục đích sử dụng Giấy xác nhận"),
            line("Số lượng Giấy xác nhận đề nghị cấp"),
        ],
    ),
    Form(
        file="to-khai-dang-ky-nhan-cha-me-con.docx",
        reference=f"Mẫu Tờ khai đăng ký nhận cha, mẹ, con {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ NHẬN CHA, MẸ, CON",
        addressee=UBND_XA,
        body=[
            Grid(
                header=("Thông tin", "Người nhận", "Người được nhận"),
                rows=(
                    "Họ, chữ đệm, tên",
                    "Ngày, tháng, năm sinh",
                    "Dân tộc",
                    "Quốc tịch",
                    "Nơi cư trú",
                    "Giấy tờ tùy thân (loại, số)",
                    "Số định danh cá nhân",
                ),
            ),
            line("Quan hệ (người nhận là cha/mẹ của người được nhận)"),
            Text(
                "Tôi cam đoan việc nhận cha, mẹ, con là đúng sự thật, tự "
                "nguyện, không có tranh chấp."
            ),
            *COPIES,
        ],
        signer="NGƯỜI NHẬN                              NGƯỜI ĐƯỢC NHẬN",
    ),
    Form(
        file="to-khai-dang-ky-giam-ho.docx",
        reference=f"Mẫu Tờ khai đăng ký giám hộ {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ GIÁM HỘ",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            Text("Đề nghị cơ quan đăng ký việc giám hộ giữa:", bold=True),
            Text("Người giám hộ:"),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "Quốc tịch"),
            line("Giấy tờ tùy thân (loại, số)"),
            line("Nơi cư trú"),
            Text("Người được giám hộ:"),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Nơi cư trú"),
            line("Giấy khai sinh số", "quyển số"),
            line("Căn cứ (giám hộ đương nhiên / được cử)"),
            *COPIES,
        ],
    ),
    Form(
        file="to-khai-dang-ky-lai-khai-sinh.docx",
        reference=f"Mẫu Tờ khai đăng ký lại khai sinh {CIVIL}",
        title="TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với người được đăng ký lại khai sinh"),
            Text("Đề nghị cơ quan đăng ký lại khai sinh cho người có tên dưới đây:"),
            line("Họ, chữ đệm, tên"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Dân tộc", "Quốc tịch"),
            line("Nơi sinh"),
            line("Quê quán"),
            line("Họ, chữ đệm, tên mẹ", "năm sinh"),
            line("Họ, chữ đệm, tên cha", "năm sinh"),
            line("Đã đăng ký khai sinh tại", "ngày"),
            line("Theo Giấy khai sinh số", "quyển số"),
            line("Lý do đăng ký lại"),
            *COPIES,
        ],
        footnotes=[
            "Kèm theo bản sao giấy tờ có nội dung khai sinh hoặc văn bản "
            "cam đoan về việc đã đăng ký khai sinh."
        ],
    ),
    Form(
        file="to-khai-lien-thong-khai-sinh-bhyt.docx",
        reference="Tờ khai liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế "
        "cho trẻ em dưới 6 tuổi "
        "(theo Thông tư liên tịch số 05/2015/TTLT-BTP-BCA-BYT; mẫu chưa đối chiếu bản công bố)",
        title="TỜ KHAI ĐĂNG KÝ KHAI SINH VÀ CẤP THẺ BẢO HIỂM Y TẾ CHO TRẺ EM DƯỚI 6 TUỔI",
        addressee=UBND_XA,
        body=[
            *REQUESTER,
            line("Quan hệ với trẻ"),
            Text("Phần khai sinh", bold=True),
            line("Họ, chữ đệm, tên trẻ"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Dân tộc", "Quốc tịch"),
            line("Nơi sinh"),
            line("Quê quán"),
            line("Họ, chữ đệm, tên mẹ", "năm sinh"),
            line("Họ, chữ đệm, tên cha", "năm sinh"),
            Text("Phần bảo hiểm y tế", bold=True),
            line("Nơi đăng ký khám bệnh, chữa bệnh ban đầu"),
            line("Địa chỉ nhận thẻ bảo hiểm y tế"),
            Check("Nhận kết quả:", ("Tại Bộ phận Một cửa", "Qua dịch vụ bưu chính")),
        ],
    ),
    Form(
        file="phieu-yeu-cau-chung-thuc-hop-dong-giao-dich.docx",
        reference="Phiếu yêu cầu chứng thực hợp đồng, giao dịch (mẫu ban hành kèm theo Thông tư số "
        "01/2020/TT-BTP)",
        title="PHIẾU YÊU CẦU CHỨNG THỰC HỢP ĐỒNG, GIAO DỊCH",
        addressee=UBND_XA,
        body=[
            line("Họ, chữ đệm, tên người nộp phiếu"),
            line("Địa chỉ liên hệ"),
            line("Số điện thoại", "Thư điện tử"),
            line("Yêu cầu chứng thực về"),
            line("Tên hợp đồng, giao dịch"),
            Text("Các giấy tờ nộp kèm theo Phiếu này gồm:"),
            Blank(4),
            line("Số bản chính hợp đồng, giao dịch cần chứng thực"),
            line("Thời gian nhận phiếu", "giờ, ngày"),
        ],
        pledge="Tôi cam đoan các giấy tờ nộp kèm theo Phiếu này là hợp pháp, đúng sự thật.",
        signer="NGƯỜI YÊU CẦU CHỨNG THỰC",
    ),
    Form(
        file="ct01-to-khai-thay-doi-thong-tin-cu-tru.docx",
        reference="Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA",
        title="TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        addressee="Công an xã/phường/đặc khu ..........................................",
        body=[
            line("1. Họ, chữ đệm và tên"),
            line("2. Ngày, tháng, năm sinh", "3. Giới tính"),
            line("4. Số định danh cá nhân"),
            line("5. Số điện thoại liên hệ", "6. Email"),
            line("7. Họ, chữ đệm và tên chủ hộ"),
            line("8. Mối quan hệ với chủ hộ"),
            line("9. Số định danh cá nhân của chủ hộ"),
            line("10. Nội dung đề nghị"),
            Blank(2),
            Text("11. Những thành viên trong hộ gia đình cùng thay đổi:"),
            Grid(
                header=(
                    "TT",
                    "Họ, chữ đệm và tên",
                    "Ngày, tháng, năm sinh",
                    "Giới tính",
                    "Số định danh cá nhân",
                    "Mối quan hệ với chủ hộ",
                ),
                rows=("1", "2", "3", "4"),
            ),
            Text(
                "Ý kiến của chủ hộ / chủ sở hữu chỗ ở hợp pháp / cha, mẹ hoặc người giám hộ "
                "(nếu có):",
                italic=True,
            ),
            Blank(2),
        ],
        pledge="Tôi xin cam đoan những thông tin kê khai trên là đúng sự thật.",
        signer="NGƯỜI KÊ KHAI",
    ),
    Form(
        file="giay-de-nghi-dang-ky-ho-kinh-doanh.docx",
        reference="Giấy đề nghị đăng ký hộ kinh doanh (mẫu của pháp luật về đăng ký hộ kinh doanh; "
        "số hiệu mẫu theo văn bản hiện hành cần đối chiếu)",
        title="GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
        addressee="Cơ quan đăng ký kinh doanh cấp xã ..........................................",
        body=[
            line("Tôi là (ghi họ tên bằng chữ in hoa)"),
            line("Ngày, tháng, năm sinh", "Giới tính"),
            line("Số định danh cá nhân"),
            line("Địa chỉ liên lạc"),
            line("Điện thoại", "Thư điện tử"),
            Text("Đăng ký hộ kinh doanh với các nội dung sau:", bold=True),
            line("1. Tên hộ kinh doanh (ghi bằng chữ in hoa)"),
            line("2. Địa chỉ trụ sở hộ kinh doanh"),
            line("Điện thoại", "Thư điện tử"),
            line("3. Ngành, nghề kinh doanh"),
            Blank(2),
            line("4. Vốn kinh doanh (bằng số và bằng chữ, VNĐ)"),
            line("5. Số lượng lao động (dự kiến)"),
            Text(
                "6. Thông tin về các thành viên hộ gia đình tham gia thành "
                "lập hộ kinh doanh (nếu có):"
            ),
            Grid(
                header=("TT", "Họ, chữ đệm và tên", "Ngày sinh", "Số định danh cá nhân", "Chữ ký"),
                rows=("1", "2", "3"),
            ),
        ],
        pledge="Tôi cam kết bản thân không thuộc diện không được thành lập hộ kinh doanh; trung "
        "thực, chính xác về nội dung đăng ký và chịu trách nhiệm trước pháp luật.",
        signer="CHỦ HỘ KINH DOANH",
    ),
    Form(
        file="thong-bao-thay-doi-noi-dung-dang-ky-ho-kinh-doanh.docx",
        reference="Thông báo thay đổi nội dung đăng ký hộ kinh doanh (số hiệu "
        "mẫu theo văn bản hiện "
        "hành cần đối chiếu)",
        title="THÔNG BÁO THAY ĐỔI NỘI DUNG ĐĂNG KÝ HỘ KINH DOANH",
        addressee="Cơ quan đăng ký kinh doanh cấp xã ..........................................",
        body=[
            line("Tên hộ kinh doanh"),
            line("Mã số hộ kinh doanh / số Giấy chứng nhận đăng ký"),
            line("Ngày cấp", "Nơi cấp"),
            line("Địa chỉ trụ sở"),
            Check(
                "Nội dung thay đổi:",
                ("Tên", "Địa chỉ", "Ngành, nghề", "Vốn", "Chủ hộ", "Thông tin chủ hộ"),
            ),
            line("Nội dung đã đăng ký"),
            line("Nội dung đề nghị thay đổi"),
            Blank(2),
        ],
        pledge="Chủ hộ kinh doanh cam kết chịu trách nhiệm trước pháp luật về tính hợp pháp, chính "
        "xác, trung thực của nội dung Thông báo này.",
        signer="CHỦ HỘ KINH DOANH",
    ),
    Form(
        file="thong-bao-tam-ngung-cham-dut-ho-kinh-doanh.docx",
        reference="Thông báo tạm ngừng / chấm dứt hoạt động hộ kinh doanh (số "
        "hiệu mẫu theo văn bản "
        "hiện hành cần đối chiếu)",
        title="THÔNG BÁO TẠM NGỪNG, TIẾP TỤC KINH DOANH HOẶC CHẤM DỨT HOẠT ĐỘNG HỘ KINH DOANH",
        addressee="Cơ quan đăng ký kinh doanh cấp xã ..........................................",
        body=[
            line("Tên hộ kinh doanh"),
            line("Mã số hộ kinh doanh / số Giấy chứng nhận đăng ký"),
            line("Địa chỉ trụ sở"),
            Check(
                "Thông báo:",
                (
                    "Tạm ngừng kinh doanh",
                    "Tiếp tục kinh doanh trước thời hạn",
                    "Chấm dứt hoạt động",
                ),
            ),
            line("Thời gian tạm ngừng: từ ngày", "đến ngày"),
            line("Lý do"),
            Text(
                "Cam kết đã hoàn thành nghĩa vụ thuế và thanh toán các khoản nợ (khi chấm dứt).",
                italic=True,
            ),
        ],
        pledge="Chủ hộ kinh doanh cam kết chịu trách nhiệm trước pháp luật "
        "về nội dung Thông báo này.",
        signer="CHỦ HỘ KINH DOANH",
    ),
    Form(
        file="don-de-nghi-cap-giay-phep-xay-dung-nha-o-rieng-le.docx",
        reference="Mẫu số 01 Phụ lục II ban hành kèm theo Nghị định số 15/2021/NĐ-CP",
        title="ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
        subtitle="(Sử dụng cho công trình: nhà ở riêng lẻ)",
        addressee="Ủy ban nhân dân xã/phường/đặc khu ..........................................",
        body=[
            Text("1. Thông tin về chủ đầu tư:", bold=True),
            line("Tên chủ đầu tư (chủ hộ)"),
            line("Người đại diện", "Chức vụ"),
            line("Địa chỉ liên hệ"),
            line("Số nhà", "Đường/phố", "Xã/phường"),
            line("Tỉnh/thành phố"),
            line("Số điện thoại"),
            Text("2. Thông tin công trình:", bold=True),
            line("Địa điểm xây dựng: Lô đất số", "Diện tích (m²)"),
            line("Tại số nhà", "đường/phố"),
            line("Xã/phường", "Tỉnh/thành phố"),
            Text("3. Tổ chức/cá nhân lập, thẩm tra thiết kế xây dựng:", bold=True),
            line("Tên tổ chức/cá nhân", "Mã số chứng chỉ năng lực/hành nghề"),
            line("Tên chủ nhiệm, chủ trì thiết kế"),
            Text("4. Nội dung đề nghị cấp phép (nhà ở riêng lẻ):", bold=True),
            line("Cấp công trình"),
            line("Diện tích xây dựng tầng 1 (tầng trệt) (m²)"),
            line("Tổng diện tích sàn (m²)"),
            line("Chiều cao công trình (m)"),
            line("Số tầng (tầng nổi, tầng hầm, tầng lửng, tum)"),
            line("5. Dự kiến thời gian hoàn thành công trình (tháng)"),
            Text(
                "6. Cam kết: tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin "
                "hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật."
            ),
            Text("Gửi kèm theo Đơn này các tài liệu:"),
            Blank(3),
        ],
        pledge="",
        signer="NGƯỜI LÀM ĐƠN / ĐẠI DIỆN CHỦ ĐẦU TƯ",
    ),
    Form(
        file="don-dang-ky-dat-dai-tai-san-gan-lien-voi-dat.docx",
        reference="Mẫu số 04/ĐK (Đơn đăng ký đất đai, tài sản gắn liền với đất) theo pháp luật đất "
        "đai 2024 – số hiệu mẫu và văn bản ban hành cần đối chiếu",
        title="ĐƠN ĐĂNG KÝ ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
        addressee="Văn phòng đăng ký đất đai / Chi nhánh Văn phòng đăng ký đất "
        "đai ...................",
        body=[
            Text("I. PHẦN KÊ KHAI CỦA NGƯỜI ĐĂNG KÝ", bold=True),
            Text(
                "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất / "
                "người được giao quản lý đất:"
            ),
            line("1.1. Tên (viết chữ in hoa)"),
            line("1.2. Giấy tờ nhân thân/pháp nhân (loại, số)"),
            line("1.3. Địa chỉ"),
            Text("2. Đề nghị:"),
            Check(
                "",
                (
                    "Đăng ký quyền sử dụng đất",
                    "Đăng ký quyền quản lý đất",
                    "Cấp Giấy chứng nhận",
                    "Đăng ký tài sản gắn liền với đất",
                ),
            ),
            Text("3. Thửa đất đăng ký:", bold=True),
            line("3.1. Thửa đất số", "Tờ bản đồ số"),
            line("3.2. Địa chỉ"),
            line("3.3. Diện tích (m²)", "sử dụng chung", "sử dụng riêng"),
            line("3.4. Loại đất / mục đích sử dụng"),
            line("3.5. Thời hạn sử dụng / quản lý"),
            line("3.6. Nguồn gốc sử dụng / giao quản lý"),
            Text("4. Tài sản gắn liền với đất (nếu có):", bold=True),
            Blank(2),
            Text("5. Giấy tờ nộp kèm theo đơn:", bold=True),
            Blank(3),
        ],
        pledge="Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu "
        "trách nhiệm trước pháp luật.",
        signer="NGƯỜI VIẾT ĐƠN",
        signer_hint="(Ký, ghi rõ họ tên và đóng dấu nếu có)",
    ),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for form in FORMS:
        print(write(form, OUT).relative_to(OUT.parent.parent))


if __name__ == "__main__":
    main()
