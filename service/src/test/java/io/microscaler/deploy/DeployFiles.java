package io.microscaler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deploy files are. Maven runs tests in the project's root folder, so paths are relative to it. */
final class DeployFiles {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path DOCKERFILE = DEPLOY.resolve("Dockerfile");
    static final Path IMAGE_CONFIG = DEPLOY.resolve("config/microscaler.yaml");
    static final Path TASK_DEFINITION = DEPLOY.resolve("ecs/microscaler-task-definition.json");
    static final Path IAM_POLICY = DEPLOY.resolve("iam/microscaler-policy.json");
    /** Shadow mode's policy ({@code actuator.mode: shadow}): reads only. */
    static final Path IAM_SHADOW_POLICY = DEPLOY.resolve("iam/microscaler-shadow-policy.json");
    static final Path CLOUDFORMATION = DEPLOY.resolve("cloudformation/microscaler.yaml");
    static final Path COMPOSE = DEPLOY.resolve("compose/docker-compose.yml");
    static final Path README = ROOT.resolve("README.md");
    static final Path POM = ROOT.resolve("pom.xml");

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT.relativize(file), e);
        }
    }

    private DeployFiles() {
    }
}
