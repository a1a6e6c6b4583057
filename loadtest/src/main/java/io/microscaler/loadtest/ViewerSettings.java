package io.microscaler.loadtest;

import java.time.Duration;

/**
 * How the virtual viewers behave.
 *
 * @param burstMin      fewest tiles a view change asks for (when the level has that many left)
 * @param burstMax      most tiles a view change asks for
 * @param viewsMin      fewest views in a session, the opening view included
 * @param viewsMax      most views in a session
 * @param thinkMin      shortest pause between two views (the person looking)
 * @param thinkMax      longest pause between two views
 * @param zoomInChance  chance that a view change zooms in one level (if there is a finer one)
 * @param zoomOutChance chance that it zooms out one level (if there is a coarser one); else it pans
 * @param panTiles      a pan moves the view by up to this many tiles in x and in y
 */
public record ViewerSettings(int burstMin, int burstMax, int viewsMin, int viewsMax, Duration thinkMin,
                             Duration thinkMax, double zoomInChance, double zoomOutChance, int panTiles) {

    /** Bursts of 10–40 tiles, 3–8 views, 1–4 s between them: a few tens of seconds of looking at an image. */
    public static ViewerSettings defaults() {
        return new ViewerSettings(10, 40, 3, 8, Duration.ofSeconds(1), Duration.ofSeconds(4), 0.45, 0.1, 3);
    }

    /** For a short smoke run: 2–3 views, half a second to 1.5 s between them, so every session ends within seconds. */
    public static ViewerSettings quick() {
        return new ViewerSettings(10, 40, 2, 3, Duration.ofMillis(500), Duration.ofMillis(1500), 0.45, 0.1, 3);
    }

    public ViewerSettings {
        if (burstMin < 1 || burstMax < burstMin) {
            throw new IllegalArgumentException("burstMin must be ≥ 1 and burstMax ≥ burstMin, but were " + burstMin
                    + " and " + burstMax);
        }
        if (viewsMin < 1 || viewsMax < viewsMin) {
            throw new IllegalArgumentException("viewsMin must be ≥ 1 and viewsMax ≥ viewsMin, but were " + viewsMin
                    + " and " + viewsMax);
        }
        if (thinkMin == null || thinkMax == null || thinkMin.isNegative() || thinkMax.compareTo(thinkMin) < 0) {
            throw new IllegalArgumentException("thinkMin must be ≥ 0 and thinkMax ≥ thinkMin, but were " + thinkMin
                    + " and " + thinkMax);
        }
        if (!(zoomInChance >= 0 && zoomOutChance >= 0 && zoomInChance + zoomOutChance <= 1)) {
            throw new IllegalArgumentException("zoomInChance and zoomOutChance must be ≥ 0 with a sum ≤ 1, but were "
                    + zoomInChance + " and " + zoomOutChance);
        }
        if (panTiles < 1) {
            throw new IllegalArgumentException("panTiles must be ≥ 1, but was " + panTiles);
        }
    }

    public ViewerSettings withViews(int min, int max) {
        return new ViewerSettings(burstMin, burstMax, min, max, thinkMin, thinkMax, zoomInChance, zoomOutChance, panTiles);
    }

    public ViewerSettings withBursts(int min, int max) {
        return new ViewerSettings(min, max, viewsMin, viewsMax, thinkMin, thinkMax, zoomInChance, zoomOutChance, panTiles);
    }

    public ViewerSettings withThink(Duration min, Duration max) {
        return new ViewerSettings(burstMin, burstMax, viewsMin, viewsMax, min, max, zoomInChance, zoomOutChance, panTiles);
    }

    /** The mean pause between views. */
    public Duration meanThink() {
        return thinkMin.plus(thinkMax).dividedBy(2);
    }
}
