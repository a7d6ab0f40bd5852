# Writes photo-gps.jpg: a 64x48 JPEG with EXIF GPS position 33°16'30"N 35°12'00"E, GPS time
# 2026-01-01 08:00:00 UTC and DateTimeOriginal 2026:01:01 10:00:00 (+02:00). Made with Pillow 9.4
# (/usr/bin/python3 make-photo-gps.py); the image is a flat colour, made here, no third-party content.
from PIL import Image

img = Image.new("RGB", (64, 48), (120, 140, 90))
exif = Image.Exif()
exif[0x0110] = "TruceWatch test fixture"
exif[0x8769] = {0x9003: "2026:01:01 10:00:00", 0x9011: "+02:00"}
exif[0x8825] = {0: b"\x02\x03\x00\x00", 1: "N", 2: (33.0, 16.0, 30.0), 3: "E", 4: (35.0, 12.0, 0.0),
                7: (8.0, 0.0, 0.0), 29: "2026:01:01"}
img.save("photo-gps.jpg", exif=exif.tobytes(), quality=80)
