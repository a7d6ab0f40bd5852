"""Adds OGC API - Features collections to QGIS as a GIS officer does, and says what QGIS made of them.

Run with Debian's python3-qgis (/usr/bin/python3), headless (QT_QPA_PLATFORM=offscreen):

    read_layers.py URL USER PASSWORD PAGE_SIZE COLLECTION...

For each collection it adds the layer through QGIS's own OAPIF provider (the one behind
"Add WFS / OGC API - Features Layer", which types a layer from the first items it reads)
and prints one JSON line: whether the layer is valid, the geometry type QGIS gave it, its
fields, the features it read, how many of those have a geometry of the layer's type (QGIS
draws only those), and how many features a render of the layer's extent drew. Nothing is
asserted here: GisQgisIT compares the lines with the service's own schema and counts.
"""
import json
import os
import sys

from qgis.core import (QgsApplication, QgsDataSourceUri, QgsFeatureRenderer, QgsMapRendererSequentialJob,
                       QgsMapSettings, QgsRenderContext, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

url, user, password, page_size = sys.argv[1:5]
collections = sys.argv[5:]

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()


def drawn(layer):
    """Features the layer's renderer draws over its extent, as a map canvas would ask it."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent().buffered(max(layer.extent().width(), layer.extent().height(), 0.01) * 0.05))
    settings.setOutputSize(QSize(400, 400))
    context = QgsRenderContext.fromMapSettings(settings)
    renderer = layer.renderer().clone()
    renderer.startRender(context, layer.fields())
    count = 0
    for feature in layer.getFeatures():
        if renderer.willRenderFeature(feature, context) and feature.hasGeometry() \
                and QgsWkbTypes.geometryType(feature.geometry().wkbType()) == layer.geometryType():
            count += 1
    renderer.stopRender(context)
    # and the real render runs without error
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return count, len(job.errors())


for collection in collections:
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("typename", collection)
    uri.setParam("pageSize", page_size)
    uri.setParam("pagingEnabled", "true")
    uri.setUsername(user)
    uri.setPassword(password)
    layer = QgsVectorLayer(uri.uri(False), collection, "OAPIF")
    line = {"collection": collection, "valid": layer.isValid()}
    if layer.isValid():
        features = list(layer.getFeatures())
        count, errors = drawn(layer)
        line.update({
            "geometryType": QgsWkbTypes.displayString(layer.wkbType()),
            "fields": [f.name() for f in layer.fields()],
            "features": len(features),
            "featureIds": sorted(str(f["id"]) for f in features if "id" in layer.fields().names()),
            "ofLayerType": sum(1 for f in features if f.hasGeometry()
                               and QgsWkbTypes.geometryType(f.geometry().wkbType()) == layer.geometryType()),
            "drawn": count,
            "renderErrors": errors,
        })
    else:
        line["error"] = layer.error().summary()
    print(json.dumps(line), flush=True)

# QGIS 3.22 can crash in its own teardown (exitQgis) once a network provider has run, after all
# the work is done: leave without it, so the exit code says only whether the reading failed.
sys.stdout.flush()
os._exit(0)
