package io.guestpass.graph.odata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** A Graph collection page: {@code @odata.context}, {@code value} and, when there is more, {@code @odata.nextLink}. */
@JsonPropertyOrder({ "@odata.context", "value", "@odata.nextLink" })
public record CollectionView<T>(
        @JsonProperty("@odata.context") String context,
        List<T> value,
        @JsonProperty("@odata.nextLink") @JsonInclude(JsonInclude.Include.NON_NULL) String nextLink) {
}
