package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.PolicyMemory.Scaling;
import io.microscaler.policy.PolicyProperties.Load;
import io.microscaler.window.WindowState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties over random configurations and random load sequences (jqwik draws the seeds; a
 * failure reports the seed, and a seed replays the whole run). Each run walks a service through up
 * to 200 evaluations a few seconds apart, applying every decision.
 */
class ServicePolicyPropertiesTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    /** One evaluation of a run: the state it started from, the load, and the decision. */
    record Step(ServiceState state, Load load, Instant at, Decision decision) {
    }

    static List<Step> run(ServicePolicy policy, Random r, int evaluations) {
        ServicePolicySettings s = policy.settings();
        int start = s.minTasks() + r.nextInt(s.maxTasks() - s.minTasks() + 1);
        ServiceState state = ServiceState.initial("svc").withCapacity(PolicyProperties.capacity(r, start));
        Instant now = T0;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < evaluations; i++) {
            now = now.plusSeconds(1 + r.nextInt(r.nextInt(5) == 0 ? 90 : 8));
            Load load = PolicyProperties.load(r);
            Evaluation e = policy.decide(load.window(now), state, now);
            steps.add(new Step(state, load, now, e.decision()));
            state = state.withMemory(e.next()).withCapacity(PolicyProperties.capacity(r, e.decision().to()));
        }
        return steps;
    }

    @Property(tries = 200)
    void theCountIsAlwaysWithinTheBounds(@ForAll long seed) {
        Random r = new Random(seed);
        ServicePolicy policy = new ServicePolicy(PolicyProperties.settings(r));
        for (Step step : run(policy, r, 100)) {
            assertThat(step.decision().to()).as("seed %d at %s", seed, step.at())
                    .isBetween(policy.settings().minTasks(), policy.settings().maxTasks());
        }
    }

    @Property(tries = 200)
    void neverScalesInWhileTheDataIsUnknown(@ForAll long seed) {
        Random r = new Random(seed);
        ServicePolicy policy = new ServicePolicy(PolicyProperties.settings(r));
        for (Step step : run(policy, r, 100)) {
            if (step.load().state() != WindowState.OK) {
                assertThat(step.decision().to()).as("seed %d at %s", seed, step.at())
                        .isGreaterThanOrEqualTo(step.decision().from());
            }
        }
    }

    /**
     * HPA v2: within any period, the tasks added (removed) never exceed what the selected policy
     * allows from the count at the period's start. Checked for a single limit per direction,
     * where "what the policy allows" has one meaning.
     */
    @Property(tries = 200)
    void neverChangesMorePerPeriodThanTheRateLimitsAllow(@ForAll long seed) {
        Random r = new Random(seed);
        RateLimit up = PolicyProperties.limit(r);
        RateLimit down = PolicyProperties.limit(r);
        ServicePolicySettings s = PolicyProperties.settings(r).withBehaviour(
                PolicyProperties.rules(r).withLimits(SelectPolicy.MAX, up),
                PolicyProperties.rules(r).withLimits(SelectPolicy.MAX, down));
        List<Step> steps = run(new ServicePolicy(s), r, 100);
        List<Scaling> scalings = new ArrayList<>();
        for (Step step : steps) {
            Decision d = step.decision();
            if (d.changesCount()) {
                scalings.add(new Scaling(step.at(), d.from(), d.to()));
            }
            int added = RateLimits.changeWithin(scalings, up, step.at(), true);
            int removed = RateLimits.changeWithin(scalings, down, step.at(), false);
            // activation (from zero tasks: a worker scaled to zero with work again) is not rate limited
            if (d.to() > d.from() && d.from() >= s.minTasks() && d.reason() != Reason.ACTIVATION) {
                int startCount = d.to() - added;
                assertThat(added).as("seed %d: added within %s at %s", seed, up, step.at())
                        .isLessThanOrEqualTo(allowed(up, startCount, true));
            }
            if (d.to() < d.from() && d.from() <= s.maxTasks()) {
                int startCount = d.to() + removed;
                assertThat(removed).as("seed %d: removed within %s at %s", seed, down, step.at())
                        .isLessThanOrEqualTo(allowed(down, startCount, false));
            }
        }
    }

    private static int allowed(RateLimit limit, int startCount, boolean up) {
        if (limit.type() == ChangeType.COUNT) {
            return limit.value();
        }
        return up ? (int) Math.ceil(startCount * (1 + limit.value() / 100.0) - 1e-9) - startCount
                : startCount - (int) Math.floor(startCount * (1 - limit.value() / 100.0) + 1e-9);
    }

    @Property(tries = 200)
    void moreLoadAtTheSameMomentNeverYieldsFewerTasks(@ForAll long seed,
                                                      @ForAll @DoubleRange(min = 1.0, max = 5.0) double factor,
                                                      @ForAll @IntRange(min = 1, max = 120) int evaluations) {
        Random r = new Random(seed);
        ServicePolicy policy = new ServicePolicy(PolicyProperties.settings(r));
        List<Step> steps = run(policy, r, evaluations);
        Step last = steps.get(steps.size() - 1);

        int less = policy.decide(last.load().window(last.at()), last.state(), last.at()).decision().to();
        Load more = last.load().times(factor);
        int moreTasks = policy.decide(more.window(last.at()), last.state(), last.at()).decision().to();

        assertThat(moreTasks).as("seed %d, load × %s", seed, factor).isGreaterThanOrEqualTo(less);
    }

    /** Found by CI's draw: at this moment more load asked for fewer tasks (2 with less, 1 with 1.23 ×). */
    @Example
    void moreLoadNeverYieldsFewerTasksOnTheDrawCiFound() {
        moreLoadAtTheSameMomentNeverYieldsFewerTasks(-55604, 1.23, 3);
    }
}
