package dev.tophash.codecs;

/**
 * {@code char16}: a {@link Character} as its 16 bits. The bits are the char read as a
 * {@code short}, because {@link BitsCodec} bits are always sign-extended: {@code (char) 0xffff} is
 * {@code -1L}, not {@code 65535L}.
 */
final class Char16Codec extends NamedCodec<Character> implements BitsCodec<Character> {
    /** The only instance; the codec has no parameters. */
    static final Char16Codec INSTANCE = new Char16Codec();

    /** Use {@link #INSTANCE}. */
    private Char16Codec() {
        super("char16", Character.BYTES, Character.class);
    }

    @Override
    public long toBits(Character value) {
        return (short) requireValue(value).charValue();
    }

    @Override
    public Character fromBits(long bits) {
        return (char) bits;
    }
}
