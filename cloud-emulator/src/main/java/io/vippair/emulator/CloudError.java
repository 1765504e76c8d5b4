package io.vippair.emulator;

/**
 * A Tencent Cloud API error: becomes {@code {"Response":{"Error":{"Code","Message"},"RequestId"}}}
 * with HTTP 200, as the real API answers.
 */
public final class CloudError extends RuntimeException {
    private final String code;

    public CloudError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static CloudError missing(String parameter) {
        return new CloudError("MissingParameter", "The request is missing a required parameter `" + parameter + "`.");
    }

    static CloudError malformed(String parameter, String value, String expected) {
        return new CloudError("InvalidParameterValue.Malformed",
                "The value `" + value + "` of parameter `" + parameter + "` is malformed; expected " + expected + ".");
    }

    static CloudError notFound(String what, String id) {
        return new CloudError("ResourceNotFound", "The " + what + " `" + id + "` does not exist in this region.");
    }
}
