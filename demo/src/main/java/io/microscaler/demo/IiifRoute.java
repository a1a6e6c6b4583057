package io.microscaler.demo;

import java.util.regex.Pattern;

/**
 * What an image server makes of a request path: the IIIF Image API routes it serves, or why not.
 * Pure. Only the syntax is checked (as a IIIF server does before it opens the image): every
 * image id exists in the demo.
 *
 * <pre>
 *   /health                                               → {@link Health}
 *   /iiif/{id}/info.json                                  → {@link Info}
 *   /iiif/{id}/{region}/{size}/{rotation}/default.jpg     → {@link Tile}
 *   a known route with a malformed part                   → {@link BadRequest} (400)
 *   anything else                                         → {@link NotFound} (404)
 * </pre>
 */
public sealed interface IiifRoute {

    record Health() implements IiifRoute {
    }

    record Info(String id) implements IiifRoute {
    }

    record Tile(String id, String region, String size, String rotation) implements IiifRoute {
    }

    /** The route is known but a part is malformed; {@code reason} names it. */
    record BadRequest(String reason) implements IiifRoute {
    }

    record NotFound() implements IiifRoute {
    }

    Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** full, square, x,y,w,h in pixels, or pct:x,y,w,h. */
    Pattern REGION = Pattern.compile("full|square|\\d{1,6},\\d{1,6},\\d{1,6},\\d{1,6}"
            + "|pct:\\d{1,3}(\\.\\d+)?,\\d{1,3}(\\.\\d+)?,\\d{1,3}(\\.\\d+)?,\\d{1,3}(\\.\\d+)?");
    /** IIIF 3 (and 2's full): max, w,  ,h  w,h  !w,h  pct:n, each optionally ^ (upscaling). */
    Pattern SIZE = Pattern.compile("\\^?(max|full|pct:\\d{1,3}(\\.\\d+)?|\\d{1,5},|,\\d{1,5}|!?\\d{1,5},\\d{1,5})");
    /** Degrees, optionally mirrored (!). */
    Pattern ROTATION = Pattern.compile("!?\\d{1,3}(\\.\\d+)?");

    /** Routes a request path (without the query string). */
    static IiifRoute of(String path) {
        if (path == null || path.isEmpty()) {
            return new NotFound();
        }
        if (path.equals("/health")) {
            return new Health();
        }
        if (!path.startsWith("/iiif/")) {
            return new NotFound();
        }
        String[] parts = path.substring("/iiif/".length()).split("/", -1);
        if (parts.length == 2 && parts[1].equals("info.json")) {
            return ID.matcher(parts[0]).matches() ? new Info(parts[0]) : bad("identifier", parts[0]);
        }
        if (parts.length != 5) {
            return new NotFound();
        }
        String id = parts[0];
        String region = parts[1];
        String size = parts[2];
        String rotation = parts[3];
        if (!ID.matcher(id).matches()) {
            return bad("identifier", id);
        }
        if (!REGION.matcher(region).matches() || zeroArea(region)) {
            return bad("region", region);
        }
        if (!SIZE.matcher(size).matches() || size.matches("\\^?(0,|,0|!?0,\\d+|!?\\d+,0|pct:0)")) {
            return bad("size", size);
        }
        if (!ROTATION.matcher(rotation).matches() || Double.parseDouble(rotation.replace("!", "")) > 360) {
            return bad("rotation", rotation);
        }
        if (!parts[4].equals("default.jpg")) {
            return bad("quality.format", parts[4]);
        }
        return new Tile(id, region, size, rotation);
    }

    private static boolean zeroArea(String region) {
        if (!Character.isDigit(region.charAt(0))) {
            return false;
        }
        String[] xywh = region.split(",");
        return Long.parseLong(xywh[2]) == 0 || Long.parseLong(xywh[3]) == 0;
    }

    private static BadRequest bad(String part, String value) {
        String shown = value.length() <= 40 ? value : value.substring(0, 37) + "...";
        return new BadRequest("invalid " + part + " '" + shown + "'");
    }
}
