package com.batchtrain.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.Payload;

/** Records object reads, completed writes and deletes as S3Proxy forwards them to the real store. */
final class RecordingBlobStore extends ForwardingBlobStore {
  private final List<BlobEvent> events = new ArrayList<>();
  // S3Proxy keeps a stub blob named after each open multipart upload's id: its bookkeeping, not
  // an object any client wrote, so it stays out of the event log.
  private final Set<String> uploadIds = ConcurrentHashMap.newKeySet();

  RecordingBlobStore(BlobStore delegate) {
    super(delegate);
  }

  synchronized List<BlobEvent> events() {
    return List.copyOf(events);
  }

  synchronized void clear() {
    events.clear();
  }

  private synchronized void record(BlobEvent.Kind kind, String bucket, String key) {
    if (!uploadIds.contains(key)) {
      events.add(new BlobEvent(kind, bucket, key));
    }
  }

  @Override
  public MultipartUpload initiateMultipartUpload(String container, BlobMetadata metadata, PutOptions options) {
    MultipartUpload upload = super.initiateMultipartUpload(container, metadata, options);
    uploadIds.add(upload.id());
    return upload;
  }

  @Override
  public Blob getBlob(String container, String name) {
    Blob blob = super.getBlob(container, name);
    record(BlobEvent.Kind.READ, container, name);
    return blob;
  }

  @Override
  public Blob getBlob(String container, String name, GetOptions options) {
    Blob blob = super.getBlob(container, name, options);
    record(BlobEvent.Kind.READ, container, name);
    return blob;
  }

  // A write is recorded after the delegate stored it: that is the moment it becomes visible.
  @Override
  public String putBlob(String container, Blob blob) {
    String etag = super.putBlob(container, blob);
    record(BlobEvent.Kind.WRITE, container, blob.getMetadata().getName());
    return etag;
  }

  @Override
  public String putBlob(String container, Blob blob, PutOptions options) {
    String etag = super.putBlob(container, blob, options);
    record(BlobEvent.Kind.WRITE, container, blob.getMetadata().getName());
    return etag;
  }

  @Override
  public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
    String etag = super.completeMultipartUpload(mpu, parts);
    record(BlobEvent.Kind.WRITE, mpu.containerName(), mpu.blobName());
    return etag;
  }

  @Override
  public MultipartPart uploadMultipartPart(MultipartUpload mpu, int partNumber, Payload payload) {
    MultipartPart part = super.uploadMultipartPart(mpu, partNumber, payload);
    record(BlobEvent.Kind.PART, mpu.containerName(), mpu.blobName());
    return part;
  }

  @Override
  public void removeBlob(String container, String name) {
    super.removeBlob(container, name);
    record(BlobEvent.Kind.DELETE, container, name);
  }

  @Override
  public void removeBlobs(String container, Iterable<String> names) {
    super.removeBlobs(container, names);
    for (String name : names) {
      record(BlobEvent.Kind.DELETE, container, name);
    }
  }
}
