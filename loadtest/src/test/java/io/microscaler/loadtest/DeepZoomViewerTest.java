package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.loadtest.DeepZoomViewer.View;
import io.microscaler.loadtest.Pyramid.Tile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DeepZoomViewerTest {

    private final Pyramid demo = Pyramid.demo();
    private final DeepZoomViewer viewer = new DeepZoomViewer(demo, ViewerSettings.defaults());

    @Test
    void openingAnImagePaintsTheCoarseLevelsWholeUntilTheBurstHasTenTiles() {
        View open = viewer.session(new SplittableRandom(1)).get(0);
        assertThat(open.action()).isEqualTo("open");
        // 1/16 (1 tile) + 1/8 (4) + 1/4 (12) = 17: at 5 it was short of 10, 1/2 (48) would pass 40
        assertThat(open.tiles()).hasSize(17);
        assertThat(open.tiles().stream().map(Tile::scaleFactor).distinct()).containsExactly(16, 8, 4);
        assertThat(open.scaleFactor()).isEqualTo(4);
    }

    @RepeatedTest(20)
    void everyLaterViewIsABurstOfTenToFortyNewTilesOfOneLevelAndNoTileIsFetchedTwice() {
        long seed = System.nanoTime();
        List<View> views = viewer.session(new SplittableRandom(seed));
        assertThat(views.size()).as("seed %d", seed).isBetween(1, 8);
        Set<Tile> fetched = new HashSet<>();
        for (View v : views) {
            assertThat(v.tiles()).as("seed %d", seed).isNotEmpty().allMatch(fetched::add);
            if (!v.action().equals("open")) {
                assertThat(v.tiles()).as("seed %d: %s", seed, v).hasSizeLessThanOrEqualTo(40)
                        .allMatch(t -> t.scaleFactor() == v.scaleFactor());
                // fewer than 10 only when the level ran out of tiles not yet fetched
                if (v.tiles().size() < 10) {
                    long left = demo.tileCount(v.scaleFactor()) - fetched.stream().filter(t -> t.scaleFactor() == v.scaleFactor()).count();
                    assertThat(left).as("seed %d: %s", seed, v).isZero();
                }
            }
            assertThat(v.tiles()).allMatch(t -> t.col() < demo.cols(t.scaleFactor()) && t.row() < demo.rows(t.scaleFactor()));
        }
    }

    @Test
    void theBurstIsTheTilesNearestTheViewsCentreNearestFirst() {
        // Bursts of exactly 17 (the opening's size), 2 views, always zooming in: open at 1/4, then 17 tiles of 1/2
        ViewerSettings zoomOnly = new ViewerSettings(17, 17, 2, 2, java.time.Duration.ZERO, java.time.Duration.ZERO, 1, 0, 1);
        View zoom = new DeepZoomViewer(demo, zoomOnly).session(new SplittableRandom(3)).get(1);
        assertThat(zoom.action()).isEqualTo("zoom-in");
        assertThat(zoom.scaleFactor()).isEqualTo(2);
        assertThat(zoom.tiles()).hasSize(17);
        // the centre (4096, 3072) is the corner of tiles 3..4 × 2..3 of the 8 × 6 grid: those four come first
        assertThat(zoom.tiles().subList(0, 4)).containsExactlyInAnyOrder(new Tile(2, 3, 2), new Tile(2, 4, 2),
                new Tile(2, 3, 3), new Tile(2, 4, 3));
        double[] distances = zoom.tiles().stream()
                .mapToDouble(t -> Math.hypot((t.col() + 0.5) * 1024 - 4096, (t.row() + 0.5) * 1024 - 3072)).toArray();
        assertThat(distances).isSorted();
    }

    @Test
    void aPanAtAFullyLoadedLevelBecomesAZoomIn() {
        // never zoom by chance: the opening view loaded all of 1/4, so there is nothing to pan to there
        ViewerSettings panOnly = new ViewerSettings(10, 40, 2, 2, java.time.Duration.ZERO, java.time.Duration.ZERO, 0, 0, 1);
        View second = new DeepZoomViewer(demo, panOnly).session(new SplittableRandom(5)).get(1);
        assertThat(second.action()).isEqualTo("zoom-in");
        assertThat(second.scaleFactor()).isEqualTo(2);
    }

    @Test
    void theSameSeedReplaysTheSameSession() {
        assertThat(viewer.session(new SplittableRandom(42))).isEqualTo(viewer.session(new SplittableRandom(42)));
    }

    @Test
    void theMeanSessionIsItsInfoJsonAndTilesOverItsThinkTimesAndBursts() {
        DeepZoomViewer.SessionShape shape = viewer.shape();
        // 3–8 views: at least the info.json and the 17-tile opening and 2 bursts of 10; at most 7 bursts of 40
        assertThat(shape.requests()).isBetween(1 + 17 + 2 * 10.0, 1 + 17 + 7 * 40.0);
        // 2 to 7 pauses of 2.5 s on average, and 0.3 s a burst
        assertThat(shape.seconds()).isBetween(2 * 2.5 + 3 * 0.3, 7 * 2.5 + 8 * 0.3);
        assertThat(viewer.shape()).as("deterministic").isEqualTo(shape);
        DeepZoomViewer.SessionShape quick = new DeepZoomViewer(demo, ViewerSettings.quick()).shape();
        assertThat(quick.requests()).as("2–3 views make fewer requests").isLessThan(shape.requests());
        assertThat(quick.seconds()).as("and shorter sessions").isLessThan(shape.seconds());
    }
}
