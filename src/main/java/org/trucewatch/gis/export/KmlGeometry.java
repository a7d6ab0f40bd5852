package org.trucewatch.gis.export;

import static org.trucewatch.gis.export.ExportFormatKml.KML;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequences;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A JTS geometry as KML 2.2 geometry elements (OGC 07-147r2 §10): Point, LineString (tessellated,
 * so it follows the ground), Polygon with its rings, and MultiGeometry for anything of several
 * parts; coordinates "lon,lat" rounded to 7 decimals. Outer rings are written counter-clockwise
 * and inner rings clockwise, whatever the order they were submitted in: KML 2.2 §10.8.3.5
 * (OGC 07-147r2) says so, and Google Earth shades a clockwise outer ring wrongly.
 */
final class KmlGeometry {
    private KmlGeometry() {
    }

    static void write(XMLStreamWriter x, Geometry g) throws XMLStreamException {
        if (g == null) {
            return;
        }
        if (g.getNumGeometries() > 1) {
            x.writeStartElement(KML, "MultiGeometry");
            for (int i = 0; i < g.getNumGeometries(); i++) {
                write(x, g.getGeometryN(i));
            }
            x.writeEndElement();
        } else if (g instanceof Point p) {
            x.writeStartElement(KML, "Point");
            coordinates(x, p.getCoordinateSequence());
            x.writeEndElement();
        } else if (g instanceof Polygon p) {
            x.writeStartElement(KML, "Polygon");
            ring(x, "outerBoundaryIs", p.getExteriorRing(), true);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                ring(x, "innerBoundaryIs", p.getInteriorRingN(i), false);
            }
            x.writeEndElement();
        } else if (g instanceof LineString l) {
            x.writeStartElement(KML, "LineString");
            x.writeStartElement(KML, "tessellate");
            x.writeCharacters("1");
            x.writeEndElement();
            coordinates(x, l.getCoordinateSequence());
            x.writeEndElement();
        }
    }

    private static void ring(XMLStreamWriter x, String boundary, LineString ring, boolean counterClockwise)
            throws XMLStreamException {
        x.writeStartElement(KML, boundary);
        x.writeStartElement(KML, "LinearRing");
        CoordinateSequence seq = ring.getCoordinateSequence();
        if (Orientation.isCCW(seq) != counterClockwise) {
            seq = seq.copy();
            CoordinateSequences.reverse(seq);
        }
        coordinates(x, seq);
        x.writeEndElement();
        x.writeEndElement();
    }

    private static void coordinates(XMLStreamWriter x, CoordinateSequence seq) throws XMLStreamException {
        StringBuilder text = new StringBuilder(seq.size() * 24);
        for (int i = 0; i < seq.size(); i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(Math.round(seq.getX(i) * 1e7) / 1e7).append(',').append(Math.round(seq.getY(i) * 1e7) / 1e7);
        }
        x.writeStartElement(KML, "coordinates");
        x.writeCharacters(text.toString());
        x.writeEndElement();
    }
}
