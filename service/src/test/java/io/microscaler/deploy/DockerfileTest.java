package io.microscaler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile, checked without a Docker engine: its build stage runs the README's build
 * command, the runtime stage runs the jar that command builds as a non-root user, its health check
 * asks the app's /health/ready on the app's port, and its default command runs the configuration
 * it ships.
 */
class DockerfileTest {

    private static final Pattern HEALTH_URL = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{MICROSCALER_HTTP_PORT:-(\\d+)}(/[^\"\\s]*)");

    private final Dockerfile dockerfile = Dockerfile.parse(DeployFiles.read(DeployFiles.DOCKERFILE));
    private final int runtime = dockerfile.lastStage();
    private final int appPort = ConfigLoader.defaults().http().port();

    @Test
    void theBuildStageRunsTheReadmesBuildCommand() {
        String readmeBuild = readmeBuildCommand();
        assertThat(readmeBuild).startsWith("mvn ");

        assertThat(dockerfile.stageNamed("build")).as("the first stage builds").isZero();
        assertThat(dockerfile.inStage(0, "FROM").get(0).arguments()).isEqualTo("maven:3-eclipse-temurin-17 AS build");
        List<String> mavenRuns = dockerfile.inStage(0, "RUN").stream().map(i -> Dockerfile.withoutFlags(i.arguments()))
                .filter(command -> command.startsWith("mvn ")).toList();
        assertThat(mavenRuns).containsExactly(readmeBuild);
        assertThat(dockerfile.all("RUN")).as("Maven runs only in the build stage")
                .filteredOn(i -> i.stage() != 0).noneMatch(i -> i.arguments().contains("mvn "));
        // Every module the parent pom lists is copied in: Maven refuses to build with one missing.
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(
                DeployFiles.read(DeployFiles.POM).replaceAll("(?s)<profiles>.*</profiles>", ""));
        List<String> copied = dockerfile.inStage(0, "COPY").stream().map(i -> i.arguments().split(" ")[0]).toList();
        while (module.find()) {
            assertThat(copied).as("COPY of module %s", module.group(1)).contains(module.group(1));
        }
    }

    @Test
    void theDefaultTargetRunsTheProductionJarWithContainerAwareJvmFlags() throws Exception {
        assertThat(dockerfile.inStage(runtime, "FROM").get(0).arguments()).isEqualTo("eclipse-temurin:17-jre");
        Matcher output = Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
                .matcher(DeployFiles.read(DeployFiles.ROOT.resolve("service/pom.xml")));
        assertThat(output.find()).as("the shade plugin's outputFile in service/pom.xml").isTrue();
        String jar = "service/target/" + output.group(1);
        assertThat(DeployFiles.read(DeployFiles.README)).as("the README names the production jar").contains(jar);

        assertThat(dockerfile.inStage(runtime, "COPY")).extracting(Dockerfile.Instruction::arguments)
                .contains("--from=build /src/" + jar + " /app/microscaler.jar");
        List<String> entrypoint = execForm(single("ENTRYPOINT").arguments());
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "/app/microscaler.jar");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseShenandoahGC"); // a concurrent collector: no young pause inside a tick
    }

    @Test
    void theDemoTargetRunsTheFullCliJarTheReadmeRuns() {
        int demo = dockerfile.stageNamed("demo");
        assertThat(demo).isPositive().isLessThan(runtime);
        assertThat(readmeDemoLine()).contains("java -jar target/microscaler.jar");
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve("cli/pom.xml")))
                .contains("<outputFile>${microscaler.root}/target/microscaler.jar</outputFile>");
        assertThat(dockerfile.inStage(demo, "COPY")).extracting(Dockerfile.Instruction::arguments)
                .containsExactly("--from=build /src/target/microscaler.jar /app/microscaler.jar");
        assertThat(dockerfile.inStage(demo, "USER")).isNotEmpty().allSatisfy(u -> assertThat(u.arguments()).doesNotStartWith("0"));
    }

    @Test
    void theHealthCheckAsksTheAppsReadinessOnTheAppsPortWhichIsExposed() {
        String command = healthCheckCommand(dockerfile);
        Matcher url = HEALTH_URL.matcher(command);
        assertThat(url.find()).as("a health URL on 127.0.0.1 in %s", command).isTrue();
        assertThat(Integer.parseInt(url.group(1))).isEqualTo(appPort);
        assertThat(url.group(2)).isEqualTo("/health/ready");
        assertThat(single("EXPOSE").arguments()).isEqualTo(Integer.toString(appPort));
        // The same check as the ECS container health check, which runs it with sh -c too.
        assertThat(TaskDefinitionFile.read().container().healthCheck().command())
                .containsExactly("CMD-SHELL", command);
        // Its tool is installed, not assumed to be in the base image.
        assertThat(command).startsWith("curl ");
        assertThat(dockerfile.inStage(runtime, "RUN")).anyMatch(run ->
                run.arguments().matches(".*apt-get install [^&]*\\bcurl\\b.*"));
    }

    @Test
    void itRunsAsAnUnprivilegedUser() {
        List<Dockerfile.Instruction> users = dockerfile.inStage(runtime, "USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(dockerfile.instructions().indexOf(users.get(users.size() - 1)))
                .isLessThan(dockerfile.instructions().indexOf(single("ENTRYPOINT")));
    }

    @Test
    void theDefaultCommandRunsTheShippedConfigurationWhichIsValidAndPointsAtAws() throws Exception {
        List<String> cmd = execForm(single("CMD").arguments());
        assertThat(cmd).hasSize(3).startsWith("run", "--config");
        String configPath = cmd.get(2);
        List<String> copies = dockerfile.inStage(runtime, "COPY").stream().map(Dockerfile.Instruction::arguments)
                .filter(a -> a.endsWith(" " + configPath)).toList();
        assertThat(copies).containsExactly("deploy/config/microscaler.yaml " + configPath);
        assertThat(Files.isRegularFile(DeployFiles.IMAGE_CONFIG)).isTrue();
        // The ECS task definition runs the same command.
        assertThat(TaskDefinitionFile.read().container().command()).isEqualTo(cmd);

        Map<String, String> env = imageEnvironment();
        assertThat(ConfigVariables.unknown(env)).isEmpty();
        MicroscalerConfig config = ConfigLoader.load(DeployFiles.IMAGE_CONFIG, env);
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.http().port()).isEqualTo(appPort);
        assertThat(config.actuator().target()).isEqualTo(ActuatorConfig.Target.ECS);
        assertThat(config.actuator().aws().endpointOverride()).isEmpty();
    }

    @Test
    void theBuildContextLetsInWhatTheCopiesNeed() {
        List<String> allowed = List.of(DeployFiles.read(DeployFiles.DEPLOY.resolve("Dockerfile.dockerignore")).split("\n"))
                .stream().map(String::strip).filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        List<String> sources = dockerfile.all("COPY").stream().filter(i -> !i.arguments().startsWith("--from="))
                .map(i -> i.arguments().split(" ")[0]).toList();
        assertThat(sources).isNotEmpty().allSatisfy(source -> {
            assertThat(Files.exists(DeployFiles.ROOT.resolve(source))).as("%s exists", source).isTrue();
            assertThat(allowed).as("a !pattern of Dockerfile.dockerignore letting in %s", source)
                    .anyMatch(pattern -> (source + "/").startsWith(pattern + "/"));
        });
    }

    /** The HEALTHCHECK's command: what follows its options and CMD. */
    static String healthCheckCommand(Dockerfile dockerfile) {
        List<Dockerfile.Instruction> checks = dockerfile.all("HEALTHCHECK");
        assertThat(checks).hasSize(1);
        String arguments = Dockerfile.withoutFlags(checks.get(0).arguments());
        assertThat(arguments).startsWith("CMD ");
        return arguments.substring("CMD ".length());
    }

    /** The image's ENV settings. */
    private Map<String, String> imageEnvironment() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Dockerfile.Instruction instruction : dockerfile.inStage(runtime, "ENV")) {
            String[] pair = instruction.arguments().split("=", 2);
            env.put(pair[0], pair[1]);
        }
        return env;
    }

    private Dockerfile.Instruction single(String keyword) {
        List<Dockerfile.Instruction> found = dockerfile.inStage(runtime, keyword);
        assertThat(found).as(keyword + " in the runtime stage").hasSize(1);
        return found.get(0);
    }

    private static List<String> execForm(String json) throws Exception {
        return new ObjectMapper().readValue(json, new TypeReference<List<String>>() { });
    }

    /** The README's demo line: the build command, then running the jar. */
    private static String readmeDemoLine() {
        return DeployFiles.read(DeployFiles.README).lines()
                .filter(line -> line.contains("&&") && line.contains("java -jar") && line.strip().endsWith(" demo"))
                .findFirst().orElseThrow(() -> new AssertionError("README has no '<build> && java -jar ... demo' line"));
    }

    static String readmeBuildCommand() {
        return readmeDemoLine().substring(0, readmeDemoLine().indexOf("&&")).strip();
    }
}
