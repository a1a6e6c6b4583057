package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IiifRouteTest {

    @Test
    void healthInfoAndTilesAreRecognised() {
        assertThat(IiifRoute.of("/health")).isEqualTo(new IiifRoute.Health());
        assertThat(IiifRoute.of("/iiif/img-0042/info.json")).isEqualTo(new IiifRoute.Info("img-0042"));
        assertThat(IiifRoute.of("/iiif/img-0042/1024,2048,1024,1024/512,/0/default.jpg"))
                .isEqualTo(new IiifRoute.Tile("img-0042", "1024,2048,1024,1024", "512,", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/iiif/a/full/max/0/default.jpg", "/iiif/a/square/^max/90/default.jpg",
            "/iiif/a/pct:10,10,50.5,50/pct:50/!180/default.jpg", "/iiif/a/0,0,512,512/,256/360/default.jpg",
            "/iiif/a/0,0,512,512/!256,256/22.5/default.jpg", "/iiif/A.b_c-1/full/full/0/default.jpg",
            "/iiif/a/0,0,512,512/256,256/0/default.jpg"})
    void validTilePathsAreTiles(String path) {
        assertThat(IiifRoute.of(path)).isInstanceOf(IiifRoute.Tile.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/iiif/a/0,0,512/512,/0/default.jpg|invalid region '0,0,512'",
            "/iiif/a/0,0,0,512/512,/0/default.jpg|invalid region '0,0,0,512'",
            "/iiif/a/everything/512,/0/default.jpg|invalid region 'everything'",
            "/iiif/a/full/big/0/default.jpg|invalid size 'big'",
            "/iiif/a/full/0,/0/default.jpg|invalid size '0,'",
            "/iiif/a/full/max/361/default.jpg|invalid rotation '361'",
            "/iiif/a/full/max/left/default.jpg|invalid rotation 'left'",
            "/iiif/a/full/max/0/default.png|invalid quality.format 'default.png'",
            "/iiif/a/full/max/0/color.jpg|invalid quality.format 'color.jpg'",
            "/iiif/-bad/info.json|invalid identifier '-bad'",
            "/iiif/a b/full/max/0/default.jpg|invalid identifier 'a b'"})
    void malformedPartsOfAKnownRouteAreBadRequestsNamingThePart(String path, String reason) {
        assertThat(IiifRoute.of(path)).isEqualTo(new IiifRoute.BadRequest(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/healthz", "/iiif", "/iiif/", "/iiif/a", "/iiif/a/full/max/0",
            "/iiif/a/full/max/0/default.jpg/more", "/images/a/info.json", "/iiif/a/info.xml"})
    void unknownRoutesAreNotFound(String path) {
        assertThat(IiifRoute.of(path)).isEqualTo(new IiifRoute.NotFound());
    }
}
