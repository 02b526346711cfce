package io.guestpass.directory;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A banner logo that passed every check: PNG or JPEG by its content (never by its name or declared type alone), at most
 * 10 KB, a well-formed file with nothing after its end marker (no polyglot: a PNG or JPEG with HTML or script appended),
 * small enough to decode safely, and decodable. SVG is refused outright: served from our origin it could run script.
 */
public record BannerLogo(byte[] bytes, String contentType, String tag) {

    public static final int MAX_BYTES = 10 * 1024;
    /** Decoding a larger image could take far more memory than its 10 KB suggest (a decompression bomb). */
    public static final int MAX_SIDE = 1024;
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    /** Checks the bytes sent with this Content-Type; a {@link DirectoryRuleException} names the first rule broken. */
    public static BannerLogo check(byte[] bytes, String declaredType) {
        String declared = declaredType == null ? "" : declaredType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!declared.equals(PNG) && !declared.equals(JPEG)) {
            throw new DirectoryRuleException("bannerLogo must be sent as image/png or image/jpeg, not '" + declared + "'.");
        }
        if (bytes == null || bytes.length == 0) {
            throw new DirectoryRuleException("bannerLogo is empty.");
        }
        if (bytes.length > MAX_BYTES) {
            throw new DirectoryRuleException("bannerLogo may be at most 10 KB (" + MAX_BYTES + " bytes); this one has " + bytes.length + ".");
        }
        String actual = startsWith(bytes, PNG_SIGNATURE) ? PNG : isJpegStart(bytes) ? JPEG : null;
        if (actual == null) {
            throw new DirectoryRuleException("bannerLogo is not a PNG or JPEG image (SVG and other formats are not accepted).");
        }
        if (!actual.equals(declared)) {
            throw new DirectoryRuleException("bannerLogo is a " + name(actual) + " image but was sent as " + declared + ".");
        }
        boolean wellFormed = actual.equals(PNG) ? wellFormedPng(bytes) : wellFormedJpeg(bytes);
        if (!wellFormed) {
            throw new DirectoryRuleException("bannerLogo is not a well-formed " + name(actual)
                    + " file (damaged, or with data after its end).");
        }
        decode(bytes, actual);
        return new BannerLogo(bytes.clone(), actual, tag(bytes));
    }

    private static void decode(byte[] bytes, String type) {
        ImageReader reader = ImageIO.getImageReadersByMIMEType(type).next(); // the JDK always has both
        int width;
        int height;
        // in memory: ImageIO would otherwise cache the stream in a temporary file
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            width = reader.getWidth(0);
            height = reader.getHeight(0);
            if (width <= MAX_SIDE && height <= MAX_SIDE) {
                reader.read(0);
            }
        } catch (IOException | RuntimeException e) {
            throw new DirectoryRuleException("bannerLogo cannot be decoded as a " + name(type) + " image.");
        } finally {
            reader.dispose();
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new DirectoryRuleException("bannerLogo may be at most " + MAX_SIDE + " x " + MAX_SIDE + " pixels; this one is "
                    + width + " x " + height + ".");
        }
    }

    /** Chunks with valid lengths and CRCs, IHDR first, and IEND exactly at the end of the bytes. */
    private static boolean wellFormedPng(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(PNG_SIGNATURE.length);
        boolean first = true;
        while (in.remaining() >= 12) {
            long length = Integer.toUnsignedLong(in.getInt());
            if (length > in.remaining() - 8) {
                return false;
            }
            byte[] typeAndData = new byte[4 + (int) length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            if (Integer.toUnsignedLong(in.getInt()) != crc.getValue()) {
                return false;
            }
            String type = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (first && !(type.equals("IHDR") && length == 13)) {
                return false;
            }
            first = false;
            if (type.equals("IEND")) {
                return !in.hasRemaining();
            }
        }
        return false;
    }

    /**
     * Segments with valid lengths up to the first scan, entropy-coded data (where 0xFF is only ever followed by 0x00 or a
     * restart marker) and further segments up to EOI, which must be the last two bytes.
     */
    private static boolean wellFormedJpeg(byte[] bytes) {
        int i = 2;
        boolean frame = false;
        while (i + 1 < bytes.length) {
            if ((bytes[i] & 0xff) != 0xff) {
                return false;
            }
            int marker = bytes[i + 1] & 0xff;
            if (marker == 0xff) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xd9) {
                return frame && i + 2 == bytes.length;
            }
            if (i + 3 >= bytes.length) {
                return false;
            }
            int length = ((bytes[i + 2] & 0xff) << 8) | (bytes[i + 3] & 0xff);
            if (length < 2 || i + 2 + length > bytes.length) {
                return false;
            }
            frame |= marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            i += 2 + length;
            if (marker == 0xda) {
                i = afterEntropyCodedData(bytes, i);
                if (i < 0) {
                    return false;
                }
            }
        }
        return false;
    }

    private static int afterEntropyCodedData(byte[] bytes, int i) {
        while (i + 1 < bytes.length) {
            if ((bytes[i] & 0xff) == 0xff) {
                int next = bytes[i + 1] & 0xff;
                if (next != 0x00 && !(next >= 0xd0 && next <= 0xd7) && next != 0xff) {
                    return i;
                }
                i += next == 0xff ? 1 : 2;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static boolean isJpegStart(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String name(String type) {
        return type.equals(PNG) ? "PNG" : "JPEG";
    }

    private static String tag(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
