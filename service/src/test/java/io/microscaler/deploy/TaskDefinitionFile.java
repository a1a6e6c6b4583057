package io.microscaler.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * deploy/ecs/microscaler-task-definition.json as the SDK's RegisterTaskDefinition request. The
 * file is in the API's JSON shape (what {@code aws ecs register-task-definition --cli-input-json}
 * takes); Jackson fills the SDK's own request builder from it, whose setters are named after the
 * API's fields, and refuses any field the API does not have.
 */
record TaskDefinitionFile(RegisterTaskDefinitionRequest request) {

    static TaskDefinitionFile read() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            RegisterTaskDefinitionRequest.Builder builder = mapper.readValue(DeployFiles.TASK_DEFINITION.toFile(),
                    RegisterTaskDefinitionRequest.serializableBuilderClass());
            return new TaskDefinitionFile(builder.build());
        } catch (IOException e) {
            throw new UncheckedIOException("deploy/ecs/microscaler-task-definition.json is not a RegisterTaskDefinition"
                    + " request: " + e.getMessage(), e);
        }
    }

    /** The one container: the autoscaler. */
    ContainerDefinition container() {
        if (request.containerDefinitions().size() != 1) {
            throw new IllegalStateException("expected one container, the autoscaler, but the file has "
                    + request.containerDefinitions().size());
        }
        return request.containerDefinitions().get(0);
    }

    /** The container's environment by name. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (KeyValuePair pair : container().environment()) {
            env.put(pair.name(), pair.value());
        }
        return env;
    }
}
