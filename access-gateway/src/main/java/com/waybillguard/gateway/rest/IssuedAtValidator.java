package com.waybillguard.gateway.rest;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.Validator;

/**
 * Refuses an access token issued in the future (401): quarkus-oidc checks how old a token is, not whether its
 * {@code iat} lies ahead, and a token stamped ahead of the clock (a provider whose clock runs fast, a token minted to
 * be used later) would otherwise live longer than the realm means it to. Clocks may differ by {@link #SKEW_SECONDS}.
 */
// looked up by quarkus-oidc at run time, never injected: kept by @Unremovable
@Unremovable
@ApplicationScoped
public class IssuedAtValidator implements Validator {

    static final long SKEW_SECONDS = 60;

    @Override
    public String validate(JwtContext context) throws MalformedClaimException {
        NumericDate issuedAt = context.getJwtClaims().getIssuedAt();
        if (issuedAt != null && issuedAt.getValue() > NumericDate.now().getValue() + SKEW_SECONDS) {
            return "the token is issued in the future";
        }
        return null;
    }
}
