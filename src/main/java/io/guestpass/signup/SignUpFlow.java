package io.guestpass.signup;

import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.Application;
import io.guestpass.directory.UserFlow;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.federation.IdentityProvider;

import java.util.List;
import java.util.Map;

/**
 * A user flow as one sign-up runs it, loaded once per request: the application it signs up for, the enabled providers it
 * offers (Microsoft account first), the attributes its form collects with their data types, and the connectors bound to
 * its two steps (loaded before any call, so that no connector ever runs inside a database transaction).
 */
record SignUpFlow(UserFlow flow, Application application, List<IdentityProvider> providers,
        Map<String, UserFlowAttribute.DataType> dataTypes, ApiConnector postFederationSignup, ApiConnector postAttributeCollection) {

    List<UserFlow.Assignment> assignments() {
        return flow.assignments().stream().filter(a -> dataTypes.containsKey(a.attributeId())).toList();
    }

    boolean offers(String providerId) {
        return providers.stream().anyMatch(p -> p.id().equals(providerId));
    }
}
