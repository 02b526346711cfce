package io.guestpass.connectors;

/** The sign-up step a connector is called at; sent as {@code step} under exactly these names (Entra's). */
public enum ConnectorStep { PostFederationSignup, PostAttributeCollection }
