package com.waybillguard.waybill.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An outlet id of the outlet directory ({@code wg.outlets.file}); blank is left to {@code @NotBlank}. */
@Documented
@Constraint(validatedBy = KnownOutlet.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface KnownOutlet {

    String message() default "must be the id of a known outlet, such as HD-YN";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * Looks the id up in the outlet directory. The directory is resolved on first use: validators are
     * initialised while the validator factory starts, before configuration is available.
     */
    @ApplicationScoped
    class Validator implements ConstraintValidator<KnownOutlet, String> {

        private final Provider<OutletDirectory> outlets;

        Validator(Provider<OutletDirectory> outlets) {
            this.outlets = outlets;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || outlets.get().isKnown(value);
        }
    }
}
