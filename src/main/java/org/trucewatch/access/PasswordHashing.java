package org.trucewatch.access;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.inject.Singleton;

/**
 * Argon2id (RFC 9106), memory-hard, with the OWASP Password Storage Cheat Sheet's first
 * configuration: 19 MiB, 2 iterations, 1 lane. Hashes are PHC strings that carry their own
 * parameters, so raising them later still verifies old hashes.
 */
@Singleton
public class PasswordHashing {
    static final int MIN_LENGTH = 12;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
    /** Verified against when the user does not exist, so a wrong name costs as long as a wrong password. */
    private final String decoy = hash("decoy-password-for-timing");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean verify(String password, String hash) {
        if (hash == null) {
            Password.check(password, decoy).with(ARGON2);
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }
}
