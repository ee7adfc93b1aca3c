package com.batchtrain.storage;

import com.batchtrain.contract.StorageUri;

/** An object found by {@link ObjectStore#list}. */
public record StoredObject(StorageUri uri, long size) {}
