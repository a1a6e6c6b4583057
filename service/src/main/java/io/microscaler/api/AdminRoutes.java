package io.microscaler.api;

import io.microscaler.admin.AdminBoard;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.AdminAction;
import io.microscaler.config.AdminConfig;
import io.microscaler.override.ServiceOverrides;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API (design.md section 9): an operator pauses, resumes, pins or releases a service.
 * <pre>
 * GET  /api/admin/services                     every service's overrides (any token, read-only ones too)
 * POST /api/admin/services/{id}/pause   {"reason":"incident 42"}
 * POST /api/admin/services/{id}/resume  {"reason":"incident over"}
 * POST /api/admin/services/{id}/pin     {"count":6,"for":"30m","reason":"…"}   or "until":"2026-12-06T13:00:00Z"
 * POST /api/admin/services/{id}/release {"reason":"…"}
 * </pre>
 * Off (every route 404) unless a token is configured. Otherwise each call needs
 * {@code Authorization: Bearer <token>}: none or an unknown one is 401 with
 * {@code WWW-Authenticate: Bearer}; a read-only token's change is 403. A body is JSON of at most
 * {@link #MAX_BODY} bytes (413 beyond), and must give a {@code reason}: the audit topic records who
 * (the token's name), what, why and when. The call is answered once the admin topic has the change
 * and this instance has read it back (503 if the write failed): the owner of the service, here or
 * on another instance, applies it at its next tick.
 */
final class AdminRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    /** The largest body accepted: a reason of {@link #MAX_REASON} characters and a few fields fit easily. */
    static final int MAX_BODY = 4096;
    static final int MAX_REASON = 500;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h)");
    private static final String PREFIX = "/api/admin";
    private static final String TOKEN = "microscaler.adminToken";
    private static final long COMMAND_TIMEOUT_MS = 15_000;

    private final BearerTokens tokens;
    private final Duration maxPin;
    private final Set<String> services;
    private final AdminBoard board;
    private final Clock clock;

    AdminRoutes(AdminConfig config, Set<String> services, AdminBoard board, Clock clock) {
        this.tokens = new BearerTokens(config.tokens());
        this.maxPin = config.maxPin();
        this.services = Set.copyOf(services);
        this.board = board;
        this.clock = clock;
    }

    /** The admin API turned off: every route answers 404, and no service has overrides. */
    static AdminRoutes off(Set<String> services, Clock clock) {
        return new AdminRoutes(new AdminConfig(List.of(), Duration.ofHours(24)), services, new AdminBoard(), clock);
    }

    /** The service's overrides, for {@code /api/services}. */
    Map<String, Object> overrides(Map<String, Object> serviceJson, String service) {
        return OverridesJson.put(serviceJson, board.get(service), clock.instant());
    }

    void mount(Router router, Vertx vertx) {
        router.route(PREFIX + "/*").handler(this::authenticate);
        router.get(PREFIX + "/services").handler(ctx -> json(ctx, 200, board.all().entrySet().stream()
                .map(e -> OverridesJson.of(e.getKey(), Optional.of(e.getValue()), clock.instant())).toList()));
        // Vert.x wants a body handler first on its route: the checks before it (token, scope) are
        // routes of their own, so a caller without the right token has no body read at all.
        String command = PREFIX + "/services/:service/:action";
        router.post(command).handler(this::writable);
        router.post(command).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.post(command).handler(ctx -> command(ctx, vertx));
        router.route(PREFIX + "/*").handler(ctx -> json(ctx, 404, error("no such admin route: " + ctx.request().method()
                + " " + ctx.request().path() + " (GET " + PREFIX + "/services, POST " + PREFIX
                + "/services/<id>/pause|resume|pin|release)")));
    }

    private void authenticate(RoutingContext ctx) {
        if (!tokens.enabled()) {
            json(ctx, 404, error("the admin API is off: no token is configured (MICROSCALER_ADMIN_TOKEN or admin.tokenFile)"));
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        Optional<AdminConfig.Token> token = tokens.authenticate(header);
        if (token.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", header == null ? "Bearer realm=\"microscaler\""
                    : "Bearer realm=\"microscaler\", error=\"invalid_token\"");
            json(ctx, 401, error(header == null ? "an admin token is required: Authorization: Bearer <token>"
                    : "the admin token was not accepted"));
            return;
        }
        ctx.put(TOKEN, token.get());
        ctx.next();
    }

    private void writable(RoutingContext ctx) {
        AdminConfig.Token token = ctx.get(TOKEN);
        if (token.readOnly()) {
            json(ctx, 403, error("token '" + token.name() + "' is read-only: it may read " + PREFIX
                    + "/services but change nothing"));
            return;
        }
        ctx.next();
    }

    private void command(RoutingContext ctx, Vertx vertx) {
        AdminConfig.Token token = ctx.get(TOKEN);
        String service = ctx.pathParam("service");
        String what = ctx.pathParam("action");
        AdminAction action;
        try {
            if (!services.contains(service)) {
                json(ctx, 404, error("no service '" + service + "' is configured"));
                return;
            }
            JsonObject body = body(ctx);
            String reason = reason(body);
            Instant now = clock.instant();
            Optional<ServiceOverrides> current = board.get(service);
            action = switch (what) {
                case "pause" -> AdminAction.of(AdminAction.Kind.PAUSE, service, token.name(), reason, now);
                case "resume" -> {
                    if (current.flatMap(ServiceOverrides::pause).isEmpty()) {
                        json(ctx, 409, error("'" + service + "' is not paused"));
                        yield null;
                    }
                    yield AdminAction.of(AdminAction.Kind.RESUME, service, token.name(), reason, now);
                }
                case "pin" -> AdminAction.pin(service, count(body), until(body, now), token.name(), reason, now);
                case "release" -> {
                    if (current.flatMap(ServiceOverrides::pin).isEmpty()) {
                        json(ctx, 409, error("'" + service + "' is not pinned"));
                        yield null;
                    }
                    yield AdminAction.of(AdminAction.Kind.RELEASE, service, token.name(), reason, now);
                }
                default -> {
                    json(ctx, 404, error("no admin action '" + what + "': pause, resume, pin or release"));
                    yield null;
                }
            };
        } catch (BadRequest e) {
            json(ctx, 400, error(e.getMessage()));
            return;
        }
        if (action == null) {
            return;
        }
        vertx.eventBus().<ServiceOverrides>request(Addresses.ADMIN_COMMANDS, action,
                        new DeliveryOptions().setSendTimeout(COMMAND_TIMEOUT_MS))
                .onSuccess(reply -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("action", action.kind().label());
                    out.put("by", action.by());
                    out.putAll(OverridesJson.of(service, Optional.of(reply.body()), clock.instant()));
                    json(ctx, 200, out);
                })
                .onFailure(e -> {
                    String why = e instanceof ReplyException r && r.getMessage() != null ? r.getMessage() : e.toString();
                    LOG.warn("admin {} of {} by {} failed: {}", what, service, token.name(), why);
                    json(ctx, 503, error("not recorded: " + why));
                });
    }

    private static JsonObject body(RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new BadRequest("a JSON body is required, with at least a reason: {\"reason\":\"…\"}");
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new BadRequest("the body must be a JSON object, e.g. {\"reason\":\"…\"}");
        }
    }

    /** Required: the audit says why. One line of printable text, so it cannot forge log lines. */
    private static String reason(JsonObject body) {
        Object r = body.getValue("reason");
        if (!(r instanceof String reason) || reason.isBlank()) {
            throw new BadRequest("a reason is required: {\"reason\":\"…\"} (the audit records why)");
        }
        if (reason.length() > MAX_REASON) {
            throw new BadRequest("reason must be at most " + MAX_REASON + " characters, but has " + reason.length());
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequest("reason must be one line of text, without control characters");
        }
        return reason.strip();
    }

    private static int count(JsonObject body) {
        Object c = body.getValue("count");
        if (!(c instanceof Integer count) || count < 0) {
            throw new BadRequest("count must be a whole number >= 0, but was " + Json.encode(c));
        }
        return count;
    }

    /** {@code "for":"30m"} or {@code "until":"2026-12-06T13:00:00Z"}, in the future and within admin.maxPin. */
    private Instant until(JsonObject body, Instant now) {
        Object forValue = body.getValue("for");
        Object untilValue = body.getValue("until");
        if ((forValue == null) == (untilValue == null)) {
            throw new BadRequest("a pin needs an expiry: either \"for\" (e.g. \"30m\") or \"until\" (e.g. \""
                    + now.plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\")");
        }
        Instant until;
        if (forValue != null) {
            Matcher m = forValue instanceof String s ? DURATION.matcher(s.strip()) : null;
            if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new BadRequest("for must be a duration with a unit (s, m or h) like 90s, 30m or 2h, but was "
                        + Json.encode(forValue));
            }
            long n = Long.parseLong(m.group(1));
            until = now.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        } else {
            try {
                until = Instant.parse(String.valueOf(untilValue));
            } catch (DateTimeParseException e) {
                throw new BadRequest("until must be an ISO-8601 instant like 2026-12-06T13:00:00Z, but was "
                        + Json.encode(untilValue));
            }
            if (!until.isAfter(now)) {
                throw new BadRequest("until must be in the future, but " + until + " is not after " + now);
            }
        }
        if (until.isAfter(now.plus(maxPin))) {
            throw new BadRequest("a pin may hold at most admin.maxPin (" + maxPin.toString().substring(2).toLowerCase()
                    + "), but this one would hold until " + until);
        }
        return until;
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
