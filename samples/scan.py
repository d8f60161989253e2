"""Make a scan of a PDF, as an office scanner gives it: each page an image, a little askew, blurred and noisy.

Why: data teams meet scans of the signed regulation first, and the OCR path must be measured on what scanners
produce (grey JPEG pages turned a fraction of a degree, bitonal CCITT pages), not on a clean rendering. Used by
tests/test_ocr.py and by the benchmark's OCR figure. Deterministic (the noise has a fixed seed).

Usage: python samples/scan.py IN.pdf OUT.pdf [DPI [SKEW_DEGREES]]
"""
from __future__ import annotations

import sys
from pathlib import Path


def realistic_scan(text_pdf: Path, target: Path, dpi: int, skew: float = 0.0, blur: float = 0.0, noise: float = 0.0,
                   bitonal: bool = False) -> Path:
    """`text_pdf` as a scanner gives it: each page rendered at `dpi` in grey, turned by `skew` degrees (the sheet
    laid a little askew, one way on odd pages and the other on even), blurred (`blur`, pixels), with Gaussian noise
    (`noise`, grey levels), and stored as JPEG; or, `bitonal`, thresholded to black and white and stored as CCITT
    G4, as office scanners store them."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng, images = np.random.default_rng(0), []
    for number, page in enumerate(pdfium.PdfDocument(text_pdf)):
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        image = image.rotate(skew if number % 2 else -skew, resample=Image.BICUBIC, fillcolor=255)
        image = image.filter(ImageFilter.GaussianBlur(blur)) if blur else image
        if noise:
            grey = np.asarray(image, dtype=float) + rng.normal(0, noise, (image.height, image.width))
            image = Image.fromarray(np.clip(grey, 0, 255).astype("uint8"))
        images.append(image.point(lambda v: 255 if v > 160 else 0).convert("1") if bitonal else image)
    options = {} if bitonal else {"quality": 75}
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi, **options)
    return target


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    realistic_scan(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 200,
                   skew=float(sys.argv[4]) if len(sys.argv) > 4 else 0.8, blur=0.5, noise=6)
