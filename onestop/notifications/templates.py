"""Every message the system sends, in Vietnamese, one entry per kind (pure, no Flask).

A template has a subject, a text body (the HTML body is derived from it) and an SMS variant.
SMS go out without diacritics (brand-name SMS practice; đ → d by hand) and are kept to
two GSM-7 segments, shortening the free-text fields first so the case code and dates survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from onestop.text import strip_diacritics


@dataclass(frozen=True)
class Template:
    subject: str
    text: str
    sms: str = ""  # empty: this kind is not sent by SMS


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str


_SIGN = "\n\n{unit}\nTin nhắn tự động, vui lòng không trả lời."

TEMPLATES: dict[str, Template] = {
    # --- to citizens (only when the case opted in) ---
    # Before the desk accepts an online submission it has no case code: those messages name it by
    # its tracking reference and link to its page in the citizen portal, never to the lookup.
    "submitted_online": Template(
        subject="Đã nhận hồ sơ trực tuyến {reference}: {procedure}",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "{unit} đã nhận hồ sơ trực tuyến của ông/bà về thủ tục {procedure}, "
            "mã theo dõi {reference}. "
            "Bộ phận Một cửa sẽ kiểm tra và thông báo kết quả tiếp nhận."
            "\nTheo dõi hồ sơ: {link}" + _SIGN
        ),
        sms="Da nhan ho so truc tuyen {reference} ({procedure}). Theo doi: {link}",
    ),
    "supplement_online": Template(
        subject="Hồ sơ trực tuyến {reference}: yêu cầu bổ sung",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ trực tuyến {reference} ({procedure}) cần được bổ sung, hoàn thiện.\n"
            "Giấy tờ cần bổ sung: {items}\n"
            "Nội dung: {reason}\n"
            "Xin ông/bà nộp bổ sung trực tuyến tại: {link}" + _SIGN
        ),
        sms="Ho so truc tuyen {reference} ({procedure}) can bo sung: {items}. Nop bo sung: {link}",
    ),
    "refused_online": Template(
        subject="Hồ sơ trực tuyến {reference} không được tiếp nhận: {procedure}",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ trực tuyến {reference} của ông/bà về thủ tục {procedure} "
            "không được tiếp nhận.\n"
            "Lý do: {reason}\n"
            "Xem hồ sơ: {link}" + _SIGN
        ),
        sms="Ho so truc tuyen {reference} ({procedure}) khong duoc tiep nhan. Ly do: {reason}. "
        "Xem: {link}",
    ),
    "accepted": Template(
        subject="Hồ sơ {code} đã được tiếp nhận",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ {code} ({procedure}) đã được tiếp nhận lúc {at}.\n"
            "Ngày hẹn trả kết quả: {due}.\n"
            "Nơi nhận kết quả: {collect_at}.\n"
            "Tra cứu tình trạng hồ sơ: {link}" + _SIGN
        ),
        sms="Ho so {code} da duoc tiep nhan. Ngay hen tra: {due}. Tra cuu: {link}",
    ),
    "supplement_requested": Template(
        subject="Hồ sơ {code}: yêu cầu bổ sung",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ {code} ({procedure}) cần được bổ sung, hoàn thiện.\n"
            "Giấy tờ cần bổ sung: {items}\n"
            "Nội dung: {reason}\n"
            "Xin ông/bà liên hệ {collect_at} để bổ sung hồ sơ.\n"
            "Tra cứu: {link}" + _SIGN
        ),
        sms="Ho so {code} duoc yeu cau bo sung. Giay to: {items}. Noi dung: {reason}. Tra cuu: {link}",
    ),
    "refused": Template(
        subject="Hồ sơ {code}: không được tiếp nhận giải quyết",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ {code} ({procedure}) không được tiếp nhận, giải quyết.\n"
            "Lý do: {reason}\n"
            "Tra cứu: {link}" + _SIGN
        ),
        sms="Ho so {code} khong duoc giai quyet. Ly do: {reason}",
    ),
    "apology": Template(
        subject="Hồ sơ {code}: xin lỗi và hẹn lại ngày trả kết quả",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ {code} ({procedure}) không thể trả kết quả đúng hẹn ngày {old_due}.\n"
            "Lý do: {reason}\n"
            "{unit} thành thật xin lỗi ông/bà và hẹn lại ngày trả kết quả: {due}.\n"
            "Tra cứu: {link}" + _SIGN
        ),
        sms="Xin loi ong/ba: ho so {code} tre hen. Ngay hen moi: {due}. Ly do: {reason}",
    ),
    "result_ready": Template(
        subject="Hồ sơ {code} đã có kết quả",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Hồ sơ {code} ({procedure}) đã được giải quyết xong.\n"
            "Mời ông/bà đến nhận kết quả tại {collect_at}.\n"
            "Tra cứu: {link}" + _SIGN
        ),
        sms="Ho so {code} da xu ly xong. Moi ong/ba den nhan ket qua tai {collect_at}",
    ),
    "returned": Template(
        subject="Hồ sơ {code} đã trả kết quả",
        text=(
            "Kính gửi ông/bà {name},\n\n"
            "Kết quả hồ sơ {code} ({procedure}) đã được trả lúc {at}.\n"
            "Cảm ơn ông/bà đã sử dụng dịch vụ. Mời ông/bà đánh giá mức độ hài lòng: {link}" + _SIGN
        ),
        sms="Ho so {code} da tra ket qua. Cam on ong/ba.",
    ),
    # --- to staff (email) ---
    "assigned": Template(
        subject="Hồ sơ {code} được giao cho anh/chị",
        text=(
            "Anh/chị {staff} được giao xử lý hồ sơ {code} ({procedure}) "
            "của {name}.\nHạn giải quyết: {due}.\n{staff_link}" + _SIGN
        ),
    ),
    "handoff_waiting": Template(
        subject="Hồ sơ {code} đang chờ tiếp nhận xử lý",
        text=(
            "Kính gửi {staff},\n\nHồ sơ {code} ({procedure}) đã được chuyển đến và đang chờ "
            "phân công xử lý.\nHạn giải quyết: {due}.\n{staff_link}" + _SIGN
        ),
    ),
    "due_tomorrow": Template(
        subject="Hồ sơ {code} đến hạn ngày mai",
        text=(
            "Kính gửi {staff},\n\nHồ sơ {code} ({procedure}) của {name} đến hạn trả kết quả "
            "vào {due}.\n{staff_link}" + _SIGN
        ),
    ),
    "overdue": Template(
        subject="Hồ sơ {code} đã quá hạn",
        text=(
            "Kính gửi {staff},\n\nHồ sơ {code} ({procedure}) của {name} đã quá hạn trả kết quả "
            "({due}). Đề nghị xử lý và lập phiếu xin lỗi, hẹn lại ngày trả kết quả.\n"
            "{staff_link}" + _SIGN
        ),
    ),
    "head_digest": Template(
        subject="Tổng hợp hồ sơ ngày {day}: {open} đang xử lý, {overdue} quá hạn",
        text=(
            "Kính gửi {staff},\n\nTình hình hồ sơ của {unit} ngày {day}:\n"
            "- Tiếp nhận mới trong ngày hôm qua: {new}\n"
            "- Đang xử lý: {open}\n"
            "- Đến hạn ngày mai: {due_tomorrow}\n"
            "- Quá hạn: {overdue}\n{overdue_list}"
        ),
    ),
    "monthly_report": Template(
        subject="Báo cáo tỷ lệ đúng hạn tháng {month}: {rate}",
        text=(
            "Kính gửi {staff},\n\nKết quả giải quyết hồ sơ tháng {month} ({scope}):\n"
            "- Hồ sơ tiếp nhận hoặc đang giải quyết trong kỳ: {total}\n"
            "- Đúng hạn (đã xong hoặc còn trong hạn): {on_time}\n"
            "- Trễ hạn: {late}\n"
            "- Tỷ lệ đúng hạn: {rate}"
        ),
    ),
}

# Fields that may be shortened to fit an SMS, least important first.
_SHRINKABLE = ("reason", "items", "procedure", "collect_at", "name", "unit")

GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")
SEGMENT = 160  # one GSM-7 message
MULTIPART_SEGMENT = 153  # per part when concatenated (7 characters go to the UDH)
MAX_SEGMENTS = 2
SMS_LIMIT = MULTIPART_SEGMENT * MAX_SEGMENTS


def gsm_length(text: str) -> int:
    """Count septets: extension characters (e.g. "[") take two."""
    return sum(2 if ch in GSM_EXTENDED else 1 for ch in text)


def segments(text: str) -> int:
    length = gsm_length(text)
    return 1 if length <= SEGMENT else -(-length // MULTIPART_SEGMENT)


def to_gsm(text: str) -> str:
    """Strip diacritics (đ → d) and replace what GSM-7 cannot carry, so the SMS stays 7-bit.

    One character outside GSM-7 would switch the whole message to UCS-2: 70 characters a segment.
    """
    folded = strip_diacritics(text).replace("₫", "d").replace("–", "-").replace("…", "...")
    folded = re.sub(r"\s+", " ", folded).strip()
    return "".join(ch if ch in GSM_BASIC or ch in GSM_EXTENDED else "?" for ch in folded)


def _fits(text: str) -> bool:
    return gsm_length(text) <= SMS_LIMIT  # i.e. at most MAX_SEGMENTS segments


def _no_final_stop(value: str) -> str:
    return value[:-1] if value.endswith(".") and not value.endswith("..") else value


def render_sms(pattern: str, values: dict[str, Any]) -> str:
    """Render an SMS in GSM-7 within two segments: shorten free text first, then cut."""
    # A reason typed with its full stop must not end up as "..": the pattern adds its own.
    values = {k: _no_final_stop(to_gsm(str(v))) for k, v in values.items()}
    text = pattern.format(**values)
    for name in _SHRINKABLE:
        if _fits(text) or name not in values or "{" + name + "}" not in pattern:
            continue
        excess = gsm_length(text) - SMS_LIMIT
        current = values[name]
        keep = max(len(current) - excess - 3, 10)
        if keep < len(current):
            values[name] = current[:keep].rstrip() + "..."
            text = pattern.format(**values)
    if not _fits(text):
        text = text[: SMS_LIMIT - 3].rstrip() + "..."
    return text


def _html(text: str, links: tuple[str, ...]) -> str:
    """Derive the HTML body: escaped paragraphs, the system's own links clickable.

    Only `links` (what the system wrote) become anchors: an address typed into a name or a
    reason stays plain text, so no one can put a clickable link into an official message.
    """
    known = sorted({str(escape(link)) for link in links if link}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(link) for link in known)) if known else None
    paragraphs = []
    for block in text.split("\n\n"):
        lines = []
        for line in block.split("\n"):
            escaped = str(escape(line))
            if pattern is not None:
                escaped = pattern.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
            lines.append(escaped)
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    body = "\n".join(paragraphs)
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8"></head>\n'
        '<body style="font-family: Arial, sans-serif">\n' + body + "\n</body></html>\n"
    )


# Placeholders a message may lack: the line (or SMS sentence) that states one is left out rather
# than sent empty, so no message ever carries "Tra cứu: " with nothing after it.
_OPTIONAL = ("link", "items", "reason")


def _without_empty(pattern: str, values: dict[str, Any], separator: str) -> str:
    """Drop the parts of `pattern` (split at `separator`) that state an empty optional value."""
    empty = ["{" + name + "}" for name in _OPTIONAL if not str(values.get(name) or "").strip()]
    if not empty:
        return pattern
    parts = pattern.split(separator)
    return separator.join(p for p in parts if not any(e in p for e in empty))


def render(kind: str, values: dict[str, Any]) -> Rendered:
    """Fill one template: subject, text, HTML and (if the kind has one) the SMS."""
    template = TEMPLATES[kind]
    text = _without_empty(template.text, values, "\n").format(**values)
    sms = _without_empty(template.sms, values, ". ")
    return Rendered(
        subject=template.subject.format(**values),
        text=text,
        html=_html(text, (str(values.get("link", "")), str(values.get("staff_link", "")))),
        sms=render_sms(sms, values) if sms else "",
    )
