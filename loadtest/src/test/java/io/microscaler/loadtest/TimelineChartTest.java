package io.microscaler.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineChartTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void thePngHasThreePanelsWhosePlotsStartAndEndAtTheSamePixels(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("scaling-timeline.png");
        TimelineChart.write(TimelineTest.spikeRun(), TimelineTest.PHASES, "spike run", png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(TimelineChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(3 * TimelineChart.PANEL_HEIGHT);
        // The panels' y axes ("1,000" ms, "400" req/s, "6" tasks) and legends differ, their plots must not
        int[] left = new int[3];
        int[] right = new int[3];
        for (int i = 0; i < 3; i++) {
            BufferedImage panel = image.getSubimage(0, i * TimelineChart.PANEL_HEIGHT, image.getWidth(), TimelineChart.PANEL_HEIGHT);
            left[i] = TimelineChart.plotEdge(panel, true);
            right[i] = TimelineChart.plotEdge(panel, false);
        }
        assertThat(left[0]).isGreaterThan(0);
        assertThat(right[0]).isGreaterThan(left[0]).isLessThan(TimelineChart.WIDTH - 100); // the legends on the right
        assertThat(left).containsOnly(left[0]);
        assertThat(right).containsOnly(right[0]);
    }

    @Test
    void theTimeAxisCoversEverySampleDecisionAndPhase() {
        assertThat(TimelineChart.xRange(TimelineTest.spikeRun(), TimelineTest.PHASES)).containsExactly(-30.0, 31.0);
    }
}
