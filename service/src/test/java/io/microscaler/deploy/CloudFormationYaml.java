package io.microscaler.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation template written in YAML with the short-form intrinsic functions
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub "..."}) into plain maps and lists, each short form
 * turned into its long form ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}), so a check
 * needs to know only the long forms. A tag that is not one of CloudFormation's fails the parse.
 */
final class CloudFormationYaml {

    /** The short forms CloudFormation accepts, by tag name. */
    static final List<String> FUNCTIONS = List.of("Ref", "Condition", "GetAtt", "Sub", "Join", "Select", "GetAZs",
            "If", "Equals", "Not", "And", "Or", "FindInMap", "Split", "Base64", "ImportValue", "Cidr", "Transform",
            "ToJsonString", "Length");

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) new Yaml(new IntrinsicConstructor()).load(yaml);
    }

    /** The long form's key: {@code Ref} and {@code Condition} as they are, the rest {@code Fn::Name}. */
    static String longForm(String function) {
        return function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    String text = IntrinsicConstructor.this.constructScalar(scalar);
                    // !GetAtt Resource.Attribute is the short form of ["Resource", "Attribute"]
                    argument = function.equals("GetAtt") ? Arrays.asList(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    argument = IntrinsicConstructor.this.constructSequence(sequence);
                } else {
                    argument = IntrinsicConstructor.this.constructMapping((MappingNode) node);
                }
                return Map.of(longForm(function), argument);
            }
        }
    }

    private CloudFormationYaml() {
    }
}
