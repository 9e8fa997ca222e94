import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Mints an internal token as the gateway would (RS256, kid = RFC 7638 thumbprint, iss relaydesk-gateway, aud
 * relaydesk-services), with the JDK only, for calling a service directly in the benchmark.
 *
 * <p>Usage: {@code java Mint.java <pkcs8.pem> <tenant> <userId> [roles=admin] [ttlSeconds=3600]}
 */
public class Mint {

    public static void main(String[] args) throws Exception {
        String pem = Files.readString(Path.of(args[0]));
        String tenant = args[1];
        String userId = args[2];
        String roles = args.length > 3 ? args[3] : "admin";
        long ttl = args.length > 4 ? Long.parseLong(args[4]) : 3600;
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RSAPrivateCrtKey key =
                (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        String thumbprintInput = "{\"e\":\"" + b64(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                + b64(unsigned(key.getModulus())) + "\"}";
        String kid = b64(MessageDigest.getInstance("SHA-256").digest(thumbprintInput.getBytes(StandardCharsets.UTF_8)));
        long now = System.currentTimeMillis() / 1000;
        StringBuilder roleJson = new StringBuilder();
        for (String role : roles.split(",")) {
            roleJson.append(roleJson.isEmpty() ? "" : ",").append('"').append(role).append('"');
        }
        String header = "{\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"alg\":\"RS256\"}";
        String claims = "{\"iss\":\"relaydesk-gateway\",\"aud\":\"relaydesk-services\",\"sub\":\"" + userId
                + "\",\"tenant\":\"" + tenant + "\",\"roles\":[" + roleJson + "],\"iat\":" + now + ",\"exp\":"
                + (now + ttl) + "}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64(rsa.sign()));
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
