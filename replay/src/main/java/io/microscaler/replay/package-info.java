/**
 * The {@code replay} command: microscaler's real window and policy code, and emulations of the
 * autoscalers users have today, scaling the same modelled service through a real request trace in
 * simulated time, scored side by side. Sub-packages: {@code trace} (reading traces), {@code model}
 * (the service model and simulation), {@code baseline} (AWS target tracking, HPA, Knative),
 * {@code score} and {@code report} (table, CSV, chart).
 */
package io.microscaler.replay;
