package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.loadtest.Pyramid.Tile;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PyramidTest {

    private final Pyramid demo = Pyramid.demo();

    @ParameterizedTest(name = "scale factor {0}: {1} × {2} tiles")
    @CsvSource({"16, 1, 1", "8, 2, 2", "4, 4, 3", "2, 8, 6", "1, 16, 12"})
    void theDemoImagesGridAtEachScaleFactor(int f, int cols, int rows) {
        assertThat(demo.cols(f)).isEqualTo(cols);
        assertThat(demo.rows(f)).isEqualTo(rows);
        assertThat(demo.tileCount(f)).isEqualTo(cols * rows);
    }

    @Test
    void levelsGoFromCoarsestToFinestWithoutRepeats() {
        assertThat(new Pyramid(100, 100, 10, List.of(1, 4, 2, 4)).coarseToFine()).containsExactly(4, 2, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // the whole image at 1/16: 8192 × 6144 delivered 512 wide
            "'16,0,0', '/iiif/img-0042/0,0,8192,6144/512,/0/default.jpg'",
            // 1/8, second row: 4096 high but clipped at the image's 6144 bottom edge
            "'8,1,1', '/iiif/img-0042/4096,4096,4096,2048/512,/0/default.jpg'",
            // full resolution, last tile
            "'1,15,11', '/iiif/img-0042/7680,5632,512,512/512,/0/default.jpg'",
            "'2,3,2', '/iiif/img-0042/3072,2048,1024,1024/512,/0/default.jpg'"})
    void tilePathsAreIiifRegionsOfTheFullImageDeliveredAtTheTileSize(String tile, String path) {
        String[] p = tile.split(",");
        assertThat(demo.path("img-0042", new Tile(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]))))
                .isEqualTo(path);
    }

    @Test
    void aClippedEdgeTileIsDeliveredNarrower() {
        Pyramid odd = new Pyramid(1000, 600, 512, List.of(1, 2));
        assertThat(odd.path("a", new Tile(1, 1, 1))).isEqualTo("/iiif/a/512,512,488,88/488,/0/default.jpg");
        assertThat(odd.path("a", new Tile(2, 0, 0))).isEqualTo("/iiif/a/0,0,1000,600/500,/0/default.jpg");
    }

    @Test
    void nonsenseFromAnInfoJsonIsRefused() {
        assertThatThrownBy(() -> new Pyramid(0, 10, 512, List.of(1))).hasMessageContaining("width");
        assertThatThrownBy(() -> new Pyramid(10, 10, 512, List.of())).hasMessageContaining("scaleFactors");
        assertThatThrownBy(() -> new Pyramid(10, 10, 512, List.of(0, 2))).hasMessageContaining("scaleFactors");
    }
}
