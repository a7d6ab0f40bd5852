package org.trucewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mission's tile server is the one other origin the app's CSP lets images come from; nothing else gets in. */
class WebAppHeadersFilterTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        "https://tiles.mission.example/osm/{z}/{x}/{y}.png, https://tiles.mission.example",
        "http://10.0.0.5:8081/tiles/{z}/{x}/{y}.png, http://10.0.0.5:8081",
        "'', NONE",
        "javascript:alert(1), NONE",
        "/relative/{z}/{x}/{y}, NONE",
        "https://{s}.tile.example/{z}/{x}/{y}.png, NONE"})
    void tileOrigin(String url, String origin) {
        assertThat(WebAppHeadersFilter.tileOrigin(url)).isEqualTo(origin);
    }

    @ParameterizedTest
    @CsvSource({"https://tiles.mission.example/{z}/{x}/{y}.png, img-src 'self' data: blob: https://tiles.mission.example;",
        "'', img-src 'self' data: blob:;"})
    void theCspNamesTheTileServerInImgSrcOnly(String url, String imgSrc) {
        WebAppHeadersFilter filter = new WebAppHeadersFilter(url);
        assertThat(filter.csp()).contains(imgSrc).contains("connect-src 'self';").contains("default-src 'self';");
    }
}
