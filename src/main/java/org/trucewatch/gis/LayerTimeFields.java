package org.trucewatch.gis;

/**
 * The fields holding a feature's time: when it starts and when it ends. With no end, an
 * observation is an instant ({@code openEnded} false: reports, incidents) while a validity
 * lasts until further notice ({@code openEnded} true: zones).
 */
public record LayerTimeFields(String start, String end, boolean openEnded) {
}
