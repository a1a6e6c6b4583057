package io.microscaler.config;

import java.util.List;
import java.util.Locale;

/** "Did you mean …?" for unknown keys: the closest valid name, if it is close enough to be the intent. */
final class Spelling {

    /** The valid name nearest to {@code typo} by edit distance, or {@code null} if none is within 2 edits. */
    static String closest(String typo, List<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = distance(typo.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // Two edits catch "maxTask", "maxtasks", "panicSapn"; more would suggest unrelated names.
        return bestDistance <= 2 ? best : null;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private Spelling() {
    }
}
