package io.guestpass.graph.identityproviders;

/** An identity provider as Graph shows it, whichever kind (built-in, social, OpenID Connect). */
public interface ProviderView {

    String id();
}
