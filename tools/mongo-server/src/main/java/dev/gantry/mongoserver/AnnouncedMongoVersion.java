package dev.gantry.mongoserver;

import java.util.List;

import de.bwaldvogel.mongo.MongoVersion;

/**
 * The server version announced to clients in the hello/isMaster handshake and buildInfo.
 *
 * <p>The MongoDB Node.js driver 7 (used by mongoose 9) refuses servers whose maxWireVersion is
 * below 9, and mongo-java-server's own {@code ServerVersion.MONGO_5_0} announces 8. We announce
 * MongoDB 6.0.0 / wire version 17 instead. This only changes what the server claims; the
 * supported feature set is whatever mongo-java-server implements (no sessions/transactions).
 */
final class AnnouncedMongoVersion implements MongoVersion {

    static final AnnouncedMongoVersion MONGO_6_0 = new AnnouncedMongoVersion(List.of(6, 0, 0), 17);

    private final List<Integer> versionArray;
    private final int wireVersion;

    private AnnouncedMongoVersion(List<Integer> versionArray, int wireVersion) {
        this.versionArray = versionArray;
        this.wireVersion = wireVersion;
    }

    @Override
    public List<Integer> getVersionArray() {
        return versionArray;
    }

    @Override
    public int getWireVersion() {
        return wireVersion;
    }

    @Override
    public String toString() {
        return toVersionString() + " (wire " + wireVersion + ")";
    }
}
