package dev.stackyard.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;
import picocli.CommandLine.Range;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds picocli's model of a command in code (picocli's programmatic API) instead of from
 * {@code @Command}, {@code @Option} and {@code @Parameters} annotations.
 *
 * <p>Why: picocli reads annotations by reflection on every call, and the JDK hands each annotation
 * out as a dynamic proxy whose class it generates at run time, which no AOT cache keeps. Reading
 * them also walks every method of each command's class hierarchy, {@code Object}'s included, for
 * {@code @Command} methods. Together that was about 57 ms of an installed {@code status --json}
 * (async-profiler, twelve calls), a quarter of the call. Here each command says what the
 * annotations said, and an argument is bound to its field through a getter and a setter, as
 * picocli binds an annotated field: the field's value when the model is built is its initial value.
 */
final class CommandModel {
    private CommandModel() {
    }

    /**
     * The model of {@code command}: picocli runs its {@code call()}, and {@link StackyardCli.Base#spec}
     * is this model (what {@code @Spec} injected).
     */
    static CommandSpec command(StackyardCli.Base command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.name(name);
        spec.usageMessage().description(description);
        command.spec = spec;
        return spec;
    }

    /** An on/off option ({@code boolean} field); {@code names} are separated by spaces. */
    static OptionSpec.Builder flag(String names, Supplier<Boolean> get, Consumer<Boolean> set) {
        return option(names, boolean.class, get, set);
    }

    /** An option with a value of {@code type}; {@code names} are separated by spaces. */
    static <T> OptionSpec.Builder option(String names, Class<T> type, Supplier<T> get, Consumer<T> set) {
        Binding<T> binding = new Binding<>(get, set);
        return OptionSpec.builder(names.split(" ")).type(type).getter(binding).setter(binding).initialValue(get.get());
    }

    /**
     * One positional parameter of {@code type}, taking {@code arity} values ("1", "0..1"); required
     * when that is at least one, as picocli makes an annotated one.
     */
    static <T> PositionalParamSpec.Builder positional(String label, String arity, Class<T> type, Supplier<T> get, Consumer<T> set) {
        Binding<T> binding = new Binding<>(get, set);
        return PositionalParamSpec.builder().paramLabel(label).arity(arity).required(Range.valueOf(arity).min() > 0)
                .type(type).getter(binding).setter(binding).initialValue(get.get());
    }

    /** Positional parameters gathered in a list of strings ({@code arity} "0..*" or "1..*"). */
    static PositionalParamSpec.Builder positionals(String label, String arity, Supplier<List<String>> get, Consumer<List<String>> set) {
        Binding<List<String>> binding = new Binding<>(get, set);
        return PositionalParamSpec.builder().paramLabel(label).arity(arity).required(Range.valueOf(arity).min() > 0)
                .type(List.class).auxiliaryTypes(String.class).getter(binding).setter(binding).initialValue(get.get());
    }

    /** What no option or parameter takes goes to this list (which must take additions), not to a usage error. */
    static UnmatchedArgsBinding unmatched(Supplier<List<String>> get, Consumer<List<String>> set) {
        return UnmatchedArgsBinding.forStringCollectionSupplier(new Binding<>(get, set));
    }

    /** A field, as picocli reads and writes it. */
    private static final class Binding<T> implements IGetter, ISetter {
        private final Supplier<T> getter;
        private final Consumer<T> setter;

        Binding(Supplier<T> getter, Consumer<T> setter) {
            this.getter = getter;
            this.setter = setter;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R get() {
            return (R) getter.get();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> R set(R value) {
            R old = get();
            setter.accept((T) value);
            return old;
        }
    }
}
