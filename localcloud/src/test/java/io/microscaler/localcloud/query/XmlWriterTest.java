package io.microscaler.localcloud.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain|plain",
            "a<b>c|a&lt;b&gt;c",
            "x & y|x &amp; y",
            "say \"hi\"|say &quot;hi&quot;",
            "it's|it&apos;s"})
    void escapesTheFiveSpecialCharacters(String text, String escaped) {
        assertThat(XmlWriter.escape(text)).isEqualTo(escaped);
    }

    @Test
    void writesNestedElementsAndSkipsNulls() {
        String xml = new XmlWriter().start("R", "urn:x").element("A", 1).element("B", null).element("C", true)
                .element("T", Instant.parse("2025-01-02T03:04:05Z")).start("S").element("D", "<d>").end().end().xml();
        assertThat(xml).isEqualTo(DECL + "<R xmlns=\"urn:x\"><A>1</A><C>true</C><T>2025-01-02T03:04:05Z</T>"
                + "<S><D>&lt;d&gt;</D></S></R>");
    }

    @Test
    void writesListsAsMembers() {
        String xml = new XmlWriter().start("R").list("Names", List.of("a", "b")).list("Empty", List.of())
                .list("Pairs", List.of(1, 2), (x, n) -> x.element("N", n)).end().xml();
        assertThat(xml).isEqualTo(DECL + "<R><Names><member>a</member><member>b</member></Names><Empty></Empty>"
                + "<Pairs><member><N>1</N></member><member><N>2</N></member></Pairs></R>");
    }

    @Test
    void refusesAnUnclosedDocument() {
        assertThatThrownBy(() -> new XmlWriter().start("R").xml()).isInstanceOf(IllegalStateException.class);
    }
}
