package org.trucewatch.gis.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.gis.LayerField;

/** CSV cells as a spreadsheet would meet them (OWASP "CSV Injection"): text neutralised, numbers untouched. */
class ExportFormatCsvTest {
    static final LayerField TEXT = LayerField.longText("description", "descr", "Description");
    static final LayerField INTEGER = LayerField.integer("count", "evt_count", "Count");
    static final LayerField DOUBLE = LayerField.decimal("bearingDeg", "bearing", "Bearing");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a formula                    | =HYPERLINK("http://x","y") | "'=HYPERLINK(""http://x"",""y"")"
            a plus                       | +1                         | "'+1"
            a minus                      | -cmd                       | "'-cmd"
            an at sign                   | @SUM(A1)                   | "'@SUM(A1)"
            plain text                   | Two shells                 | Two shells
            text with a comma            | north, east                | "north, east"
            a minus inside               | 5-6 shells                 | 5-6 shells
            empty                        | ``                         | ``
            """)
    void textCellsThatASpreadsheetWouldRunAreNeutralisedAndQuoted(String name, String value, String cell) {
        assertThat(ExportFormatCsv.cell(TEXT, value == null ? "" : value)).as(name).isEqualTo(cell == null ? "" : cell);
    }

    @Test
    void aLeadingTabOrCarriageReturnIsNeutralisedToo() {
        assertThat(ExportFormatCsv.cell(TEXT, "\t=1+1")).isEqualTo("\"'\t=1+1\"");
        assertThat(ExportFormatCsv.cell(TEXT, "\r=1+1")).isEqualTo("\"'\r=1+1\"");
    }

    @Test
    void numbersAreNeverAltered() {
        assertThat(ExportFormatCsv.cell(DOUBLE, -75.1)).isEqualTo("-75.1");
        assertThat(ExportFormatCsv.cell(INTEGER, -3L)).isEqualTo("-3");
    }
}
