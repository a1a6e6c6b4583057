package io.microscaler.loadtest;

import io.microscaler.loadtest.Pyramid.Tile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What one person does with one image in a deep-zoom viewer, as the tiles it fetches. Pure: the
 * caller's random generator decides, so a seed replays a session.
 *
 * <ol>
 *   <li>Open: the viewer paints the whole image first, from the coarsest level down, until it has
 *       at least {@code burstMin} tiles (for the demo's 8192 × 6144 images: 1 + 4 + 12 = 17 tiles of
 *       scale factors 16, 8 and 4).</li>
 *   <li>Then each view change zooms in one level, zooms out one, or pans by a few tiles, and fetches
 *       a burst of {@code burstMin}–{@code burstMax} tiles of that level around the view's centre,
 *       nearest first (as OpenSeadragon loads them). Tiles fetched before in the session are in the
 *       viewer's cache and not fetched again, so a burst can be smaller near the edge of a level
 *       that is mostly loaded.</li>
 * </ol>
 */
public final class DeepZoomViewer {

    /** One view: what the person did, at which scale factor, and the tiles fetched for it (never empty). */
    public record View(String action, int scaleFactor, List<Tile> tiles) {
        public View {
            tiles = List.copyOf(tiles);
        }
    }

    private final Pyramid pyramid;
    private final ViewerSettings settings;
    private final List<Integer> levels;

    public DeepZoomViewer(Pyramid pyramid, ViewerSettings settings) {
        this.pyramid = java.util.Objects.requireNonNull(pyramid, "pyramid");
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.levels = pyramid.coarseToFine();
    }

    /** The views of one session, the opening view first. */
    public List<View> session(RandomGenerator random) {
        int views = random.nextInt(settings.viewsMin(), settings.viewsMax() + 1);
        Set<Tile> cached = new HashSet<>();
        List<View> out = new ArrayList<>();
        // The view's centre in full-image pixels, and the index of its level in coarse-to-fine order
        double cx = pyramid.width() / 2.0;
        double cy = pyramid.height() / 2.0;
        int level = 0;

        List<Tile> open = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            int f = levels.get(i);
            if (!open.isEmpty() && (open.size() >= settings.burstMin()
                    || open.size() + pyramid.tileCount(f) > settings.burstMax())) {
                break;
            }
            level = i;
            open.addAll(nearest(f, cx, cy, settings.burstMax() - open.size(), cached));
        }
        cached.addAll(open);
        out.add(new View("open", levels.get(level), open));

        while (out.size() < views) {
            double u = random.nextDouble();
            String action;
            if (u < settings.zoomInChance() && level + 1 < levels.size()) {
                action = "zoom-in";
                level++;
            } else if (u >= 1 - settings.zoomOutChance() && level > 0) {
                action = "zoom-out";
                level--;
            } else {
                action = "pan";
                double side = pyramid.tileSize() * (double) levels.get(level);
                cx = clamp(cx + side * random.nextInt(-settings.panTiles(), settings.panTiles() + 1), pyramid.width());
                cy = clamp(cy + side * random.nextInt(-settings.panTiles(), settings.panTiles() + 1), pyramid.height());
            }
            int burst = random.nextInt(settings.burstMin(), settings.burstMax() + 1);
            List<Tile> tiles = nearest(levels.get(level), cx, cy, burst, cached);
            while (tiles.isEmpty() && level + 1 < levels.size()) {
                // All of this level is loaded (the opening view shows it whole): there is nothing
                // to pan to, so the person zooms in instead.
                action = "zoom-in";
                level++;
                tiles = nearest(levels.get(level), cx, cy, burst, cached);
            }
            if (tiles.isEmpty()) {
                break; // everything is loaded: a real viewer would fetch nothing more
            }
            int f = levels.get(level);
            cached.addAll(tiles);
            out.add(new View(action, f, tiles));
        }
        return out;
    }

    /**
     * A session on average: its requests (info.json and tiles) and how long it lasts. Rates in
     * requests/s become viewers arriving per second by the first; the second says how many
     * viewers a steady rate keeps in session (Little's law), and so how long the request rate
     * takes to follow a change in arrivals.
     *
     * @param requests mean requests of a session
     * @param seconds  mean length of a session: the think times between its views, and about
     *                 {@link #BURST_SECONDS} to fetch each view's burst
     */
    public record SessionShape(double requests, double seconds) {
        public SessionShape {
            if (!(requests > 0) || !(seconds >= 0)) {
                throw new IllegalArgumentException("requests must be > 0 and seconds ≥ 0, but were " + requests + " and " + seconds);
            }
        }
    }

    /** About the time a burst takes on an unloaded service: 25 tiles over 6 connections at 50–70 ms a tile. */
    static final double BURST_SECONDS = 0.3;

    /** The mean session, from many seeded sessions (the same every time). */
    public SessionShape shape() {
        SplittableRandom random = new SplittableRandom(20240601L);
        int sessions = 2000;
        long requests = 0;
        long views = 0;
        for (int i = 0; i < sessions; i++) {
            List<View> session = session(random);
            requests += 1 + session.stream().mapToInt(v -> v.tiles().size()).sum();
            views += session.size();
        }
        double meanViews = views / (double) sessions;
        double think = settings.meanThink().toMillis() / 1000.0;
        return new SessionShape(requests / (double) sessions, (meanViews - 1) * think + meanViews * BURST_SECONDS);
    }

    /** Up to {@code n} tiles of scale factor {@code f} not in {@code cached}, nearest to (cx, cy) first. */
    private List<Tile> nearest(int f, double cx, double cy, int n, Set<Tile> cached) {
        double side = pyramid.tileSize() * (double) f;
        List<Tile> all = new ArrayList<>();
        for (int row = 0; row < pyramid.rows(f); row++) {
            for (int col = 0; col < pyramid.cols(f); col++) {
                Tile t = new Tile(f, col, row);
                if (!cached.contains(t)) {
                    all.add(t);
                }
            }
        }
        all.sort(Comparator.comparingDouble((Tile t) -> Math.hypot((t.col() + 0.5) * side - cx, (t.row() + 0.5) * side - cy))
                .thenComparingInt(Tile::row).thenComparingInt(Tile::col));
        return all.subList(0, Math.min(n, all.size()));
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max - 1, v));
    }
}
