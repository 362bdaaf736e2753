"""QR codes for collection links (segno: pure Python, SVG and PNG without an imaging library)."""

import io

import segno


def qr_code(url: str) -> segno.QRCode:
    # Level M survives a scuffed or half-shaded poster at the school gate.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, scale: int = 8, title: str | None = None) -> str:
    out = io.BytesIO()
    qr_code(url).save(out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True,
                      title=title, unit=None, svgclass="qr", lineclass=None, omitsize=True)
    return out.getvalue().decode()


def qr_png(url: str, scale: int = 12) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
