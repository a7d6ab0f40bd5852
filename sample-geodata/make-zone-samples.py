#!/usr/bin/env python3
"""Draws the two illustrative zone theatres (south-lebanon.geojson, colombia-mmv.geojson).

Written by the TruceWatch developers. Control points were placed by hand near the places
named; between them the lines and outlines are filled in with smooth, deterministic
wiggles so that they look drawn rather than ruled. NOTHING HERE IS AUTHORITATIVE: these
are not the Blue Line, the Litani, UNIFIL sectors or the 2017 transitional zones.
Standard library only; run `python3 sample-geodata/make-zone-samples.py` to redraw.
"""
import json
import math
import os

EARTH_M = 6371008.8
HERE = os.path.dirname(os.path.abspath(__file__))


def offset(lon, lat, east_m, north_m):
    return (lon + math.degrees(east_m / (EARTH_M * math.cos(math.radians(lat)))),
            lat + math.degrees(north_m / EARTH_M))


def metres(a, b):
    dx = math.radians(b[0] - a[0]) * EARTH_M * math.cos(math.radians((a[1] + b[1]) / 2))
    dy = math.radians(b[1] - a[1]) * EARTH_M
    return math.hypot(dx, dy), dx, dy


def wiggle(points, step_m, amplitude_m, seed):
    """Fills each leg with vertices every ~step_m, moved sideways by a smooth wave that is 0 at control points."""
    out = [points[0]]
    for k in range(len(points) - 1):
        a, b = points[k], points[k + 1]
        length, dx, dy = metres(a, b)
        n = max(1, int(length // step_m))
        nx, ny = -dy / length, dx / length
        for i in range(1, n + 1):
            t = i / n
            side = amplitude_m * math.sin(math.pi * t) * (
                0.7 * math.sin(2 * math.pi * t * 3 + seed + k) + 0.3 * math.sin(2 * math.pi * t * 7 + 2 * seed + k))
            lon = a[0] + t * (b[0] - a[0])
            lat = a[1] + t * (b[1] - a[1])
            out.append(offset(lon, lat, nx * side, ny * side))
    return out


def blob(lon, lat, radius_m, vertices, seed, roughness=0.22):
    """An irregular star-shaped outline (always a valid polygon), counter-clockwise, closed."""
    ring = []
    for i in range(vertices):
        theta = 2 * math.pi * i / vertices
        r = radius_m * (1 + roughness * math.sin(3 * theta + seed) + 0.4 * roughness * math.sin(7 * theta + 2 * seed)
                        + 0.15 * roughness * math.sin(13 * theta + 3 * seed))
        ring.append(offset(lon, lat, r * math.cos(theta), r * math.sin(theta)))
    return ring + [ring[0]]


def rounded(coords):
    return [[round(x, 6), round(y, 6)] for x, y in coords]


def split_at_lon(line, lon):
    """The line's vertices west of lon, the point where it crosses lon, and those east of it."""
    for i in range(len(line) - 1):
        (x0, y0), (x1, y1) = line[i], line[i + 1]
        if (x0 - lon) * (x1 - lon) <= 0 and x0 != x1:
            t = (lon - x0) / (x1 - x0)
            return line[:i + 1], (lon, y0 + t * (y1 - y0)), line[i + 1:]
    raise ValueError("line does not cross %s" % lon)


def feature(geometry_type, coordinates, properties):
    return {"type": "Feature", "geometry": {"type": geometry_type, "coordinates": coordinates},
            "properties": properties}


def south_lebanon():
    blue = wiggle([(35.104, 33.092), (35.14, 33.090), (35.17, 33.086), (35.20, 33.088), (35.24, 33.082),
                   (35.28, 33.082), (35.32, 33.080), (35.36, 33.078), (35.40, 33.094), (35.43, 33.100),
                   (35.46, 33.098), (35.49, 33.110), (35.51, 33.104), (35.52, 33.135), (35.525, 33.165),
                   (35.545, 33.195), (35.555, 33.225), (35.565, 33.255), (35.575, 33.275), (35.60, 33.270),
                   (35.623, 33.273)], 300, 70, 1)
    east = wiggle([(35.623, 33.273), (35.65, 33.30), (35.68, 33.33), (35.66, 33.355), (35.62, 33.36),
                   (35.59, 33.355), (35.575, 33.345)], 400, 120, 2)
    litani = wiggle([(35.575, 33.345), (35.555, 33.330), (35.535, 33.322), (35.51, 33.33), (35.48, 33.34),
                     (35.45, 33.335), (35.42, 33.32), (35.39, 33.31), (35.36, 33.31), (35.33, 33.318),
                     (35.30, 33.33), (35.27, 33.335), (35.245, 33.338)], 300, 150, 3)
    coast = wiggle([(35.245, 33.338), (35.235, 33.31), (35.215, 33.29), (35.195, 33.275), (35.19, 33.26),
                    (35.20, 33.23), (35.195, 33.20), (35.185, 33.17), (35.17, 33.14), (35.15, 33.12),
                    (35.125, 33.105), (35.104, 33.092)], 400, 60, 4)
    area = blue + east[1:] + litani[1:] + coast[1:]
    cut = 35.38
    blue_w, blue_x, blue_e = split_at_lon(blue, cut)
    lit_e, lit_x, lit_w = split_at_lon(litani, cut)
    meridian = [(cut, blue_x[1] + (lit_x[1] - blue_x[1]) * i / 30) for i in range(1, 30)]
    west = blue_w + [blue_x] + meridian + [lit_x] + lit_w + coast[1:]
    east_sector = [blue_x] + blue_e + east[1:] + lit_e + [lit_x] + meridian[::-1] + [blue_x]
    mech = "lebanon-tripartite"
    since = "2006-08-14T05:00:00Z"
    return [
        feature("LineString", rounded(blue), {
            "code": "lb-blue-line", "type": "ceasefire_line", "mechanism": mech, "validFrom": since,
            "name": {"en": "Blue Line (illustrative)", "fr": "Ligne bleue (illustrative)", "ar": "الخط الأزرق (توضيحي)"},
            "nearLineM": 500, "sides": {"left": "LB", "right": "IL"}}),
        feature("Polygon", [rounded(area)], {
            "code": "lb-south-litani", "type": "area_of_limitation", "mechanism": mech, "validFrom": since,
            "name": {"en": "Area between the Blue Line and the Litani (illustrative)",
                     "fr": "Zone entre la Ligne bleue et le Litani (illustrative)",
                     "ar": "المنطقة بين الخط الأزرق ونهر الليطاني (توضيحي)"},
            "limits": {"armedPersonnel": "LAF and UNIFIL only", "weapons": "no unauthorised weapons"}}),
        feature("Polygon", [rounded(west)], {
            "code": "lb-sector-west", "type": "area_of_responsibility", "mechanism": mech, "validFrom": since,
            "name": {"en": "Sector West", "fr": "Secteur Ouest", "ar": "القطاع الغربي"},
            "team": "sector-west", "level": "local"}),
        feature("Polygon", [rounded(east_sector)], {
            "code": "lb-sector-east", "type": "area_of_responsibility", "mechanism": mech, "validFrom": since,
            "name": {"en": "Sector East", "fr": "Secteur Est", "ar": "القطاع الشرقي"},
            "team": "sector-east", "level": "local"}),
    ]


def colombia():
    mech = "colombia-mmv"
    since = "2017-01-31T00:00:00-05:00"
    features = []
    camps = [("co-zvtn-anori", "Zona Veredal Anorí", "Anorí transitional zone", -75.18, 7.29, 2600, 11),
             ("co-zvtn-vista-hermosa", "Zona Veredal Vista Hermosa", "Vista Hermosa transitional zone", -73.85, 2.60, 2200, 12),
             ("co-zvtn-buenos-aires", "Zona Veredal Buenos Aires", "Buenos Aires transitional zone", -76.05, 3.10, 2000, 13),
             ("co-zvtn-planadas", "Zona Veredal Planadas", "Planadas transitional zone", -75.90, 3.52, 2400, 14)]
    for code, es, en, lon, lat, r, seed in camps:
        features.append(feature("Polygon", [rounded(blob(lon, lat, r, 72, seed))], {
            "code": code, "type": "cantonment_area", "mechanism": mech, "validFrom": since,
            "name": {"es": es + " (ilustrativa)", "en": en + " (illustrative)"},
            "kind": "transitional-zone", "party": "FARC-EP", "securityZoneExcludes": "GOV-CO", "securityZoneM": 1000}))
    points = [("co-ptn-vigia-del-fuerte", "Punto Transitorio Vigía del Fuerte", "Vigía del Fuerte transitional point",
               -76.85, 6.52, 550, 21),
              ("co-ptn-policarpa", "Punto Transitorio Policarpa", "Policarpa transitional point", -77.40, 1.70, 450, 22)]
    for code, es, en, lon, lat, r, seed in points:
        features.append(feature("Polygon", [rounded(blob(lon, lat, r, 36, seed))], {
            "code": code, "type": "cantonment_area", "mechanism": mech, "validFrom": since,
            "name": {"es": es + " (ilustrativo)", "en": en + " (illustrative)"},
            "kind": "transitional-point", "party": "FARC-EP", "securityZoneExcludes": "GOV-CO", "securityZoneM": 500}))
    regions = [("antioquia", "Antioquia", -75.35, 7.05, 31, [("anori", "Anorí", -75.18, 7.29)]),
               ("meta", "Meta", -73.80, 2.90, 32, [("vista-hermosa", "Vista Hermosa", -73.85, 2.60)]),
               ("cauca", "Cauca y Valle", -76.20, 2.90, 33, [("buenos-aires", "Buenos Aires", -76.05, 3.10)])]
    for region, label, lon, lat, seed, locals_ in regions:
        features.append(feature("Polygon", [rounded(blob(lon, lat, 75000, 160, seed, 0.15))], {
            "code": "co-aor-regional-" + region, "type": "area_of_responsibility", "mechanism": mech,
            "validFrom": since, "name": {"es": "Sede regional " + label, "en": "Regional office " + label},
            "team": "mmv-regional-" + region, "level": "regional"}))
        for local, local_label, llon, llat in locals_:
            features.append(feature("Polygon", [rounded(blob(llon, llat, 15000, 96, seed + 10, 0.18))], {
                "code": "co-aor-local-" + local, "type": "area_of_responsibility", "mechanism": mech,
                "validFrom": since, "name": {"es": "Equipo local " + local_label, "en": "Local team " + local_label},
                "team": "mmv-local-" + local, "level": "local", "regionalTeam": "mmv-regional-" + region}))
    return features


def write(name, features):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [\n')
        f.write(",\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in features))
        f.write("\n]}\n")
    print(name, len(features), "features,", sum(len(json.dumps(x["geometry"])) for x in features), "bytes of geometry")


if __name__ == "__main__":
    write("south-lebanon.geojson", south_lebanon())
    write("colombia-mmv.geojson", colombia())
