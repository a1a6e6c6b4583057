package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeepZoomTest {

    @Test
    void everyPathIsAValidIiifRequestAboutATenthOfThemInfoJson() {
        DeepZoom zoom = new DeepZoom(new Random(7));
        int info = 0;
        Set<String> sizes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String path = zoom.nextPath();
            IiifRoute route = IiifRoute.of(path);
            assertThat(route).as(path).isInstanceOfAny(IiifRoute.Info.class, IiifRoute.Tile.class);
            if (route instanceof IiifRoute.Info) {
                info++;
            } else {
                IiifRoute.Tile tile = (IiifRoute.Tile) route;
                String[] xywh = tile.region().split(",");
                int x = Integer.parseInt(xywh[0]);
                int y = Integer.parseInt(xywh[1]);
                assertThat(x + Integer.parseInt(xywh[2])).as(path).isLessThanOrEqualTo(DeepZoom.WIDTH);
                assertThat(y + Integer.parseInt(xywh[3])).as(path).isLessThanOrEqualTo(DeepZoom.HEIGHT);
                assertThat(tile.size()).isEqualTo("512,"); // the images' widths are multiples of every level's tile
                sizes.add(xywh[2] + "x" + xywh[3]);
            }
        }
        assertThat(info).isBetween(850, 1150); // 10 % of 10,000, ± 5 standard deviations (30)
        // 512, 1024, 2048 squares; at 8 a 4096 × 2048 edge tile besides the squares; at 16 the whole image
        assertThat(sizes).as("regions of every zoom level, and edge tiles")
                .contains("512x512", "1024x1024", "2048x2048", "4096x4096", "4096x2048", "8192x6144");
    }

    @Test
    void theSameSeedGivesTheSamePaths() {
        DeepZoom a = new DeepZoom(new Random(3));
        DeepZoom b = new DeepZoom(new Random(3));
        for (int i = 0; i < 100; i++) {
            assertThat(a.nextPath()).isEqualTo(b.nextPath());
        }
    }
}
