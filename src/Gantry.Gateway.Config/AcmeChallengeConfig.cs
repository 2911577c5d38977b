namespace Gantry.Gateway.Config;

/// <summary>An ACME http-01 challenge: the answer (<c>KeyAuthorization</c>) to <c>/.well-known/acme-challenge/TOKEN</c>.</summary>
public sealed record AcmeChallengeConfig(string Token, string KeyAuthorization);
