package com.batchtrain.testsupport.batch;

import java.util.Optional;

/**
 * An EFS access point: the directory of its file system it exposes and the identity it enforces.
 *
 * @param rootDirectory the access point's root directory on the file system
 * @param creation owner and mode EFS gives the root directory when it creates it on first mount
 * @param posixUser the identity every file operation through the access point uses
 */
public record EfsAccessPoint(String id, String fileSystemId, String rootDirectory, Optional<Creation> creation,
    Optional<PosixUser> posixUser) {

  public record Creation(int ownerUid, int ownerGid, String permissions) {}

  public record PosixUser(int uid, int gid) {}
}
