package io.guestpass.connectors;
public enum ConnectorStep { PostFederationSignup, PostAttributeCollection }
