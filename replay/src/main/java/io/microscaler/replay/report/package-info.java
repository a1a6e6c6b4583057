/** The replay's outputs: the score table, the CSV files and the chart (XChart PNG). */
package io.microscaler.replay.report;
