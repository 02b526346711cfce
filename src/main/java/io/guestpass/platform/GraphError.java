package io.guestpass.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Graph's error body: {@code {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}}. */
@io.quarkus.runtime.annotations.RegisterForReflection(targets = { GraphError.class, GraphError.Detail.class, GraphError.InnerError.class })
public record GraphError(Detail error) {

    public record Detail(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String target, InnerError innerError) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InnerError(String date,
            @JsonProperty("request-id") String requestId,
            @JsonProperty("client-request-id") String clientRequestId) {
    }
}
