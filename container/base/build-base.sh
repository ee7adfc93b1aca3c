#!/bin/bash
# Builds the offline base image of the job runtime as a docker-save tar that Jib reads with
# tar:///abs/path/base.tar: a jlink'ed Java runtime, the shared libraries TensorFlow's natives
# and the JVM link against, and a static busybox for /bin/sh (the entry script).
#
# Why not a registry base: this build must work with no registry reachable. Why this content:
# every file comes from the build machine's Debian packages, so the tar is byte-identical as long
# as those packages are; timestamps, owners and entry order are fixed.
#
# Usage: build-base.sh OUTPUT_DIR
#   OUTPUT_DIR/base.tar  the base image (docker-save format)
#   OUTPUT_DIR/jre/      the jlink'ed runtime alone (the GPU variant and trainer images add it onto
#                        another base)
#   OUTPUT_DIR/ssl/cert.pem  the CA bundle, which trainer images add for bases without one
#   OUTPUT_DIR/glibc-base.tar  the same files without Java and without a CA bundle: a stand-in for a
#                        user's own glibc image (busybox for the shell), which the trainer image
#                        tests build on, offline
# Skips the work when the inputs (this script, the JDK, the package versions) are unchanged.
set -euo pipefail
umask 022
export LC_ALL=C

out=${1:?usage: build-base.sh OUTPUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Modules: what jdeps finds on the runtime classpath (ImageLayoutIT re-checks it on every build)
# plus what is loaded without a static reference: jdk.crypto.ec (the TLS provider for ECDHE to S3),
# java.naming/java.sql/java.management (optional integrations of logback, Jackson and the SDK),
# java.net.http and jdk.zipfs (JDK services some libraries probe for).
# java.desktop: the runtime draws its PNG plots with Java2D (headless).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.net,jdk.unsupported,jdk.zipfs
# glibc (with libdl/libpthread/libm/librt that TensorFlow links), libstdc++, libgcc_s, zlib.
lib_packages="libc6 libstdc++6 libgcc-s1 zlib1g"
# What Debian's Java2D links or dlopens for headless text and PNG: FreeType, HarfBuzz (with GLib,
# Graphite, PCRE2), libpng, Brotli, Little CMS, Fontconfig (with Expat). They go into the JRE's own
# lib/, found through the JDK libraries' RPATH $ORIGIN, so the JRE directory also works on a base
# that lacks them (the GPU variant's CUDA image).
desktop_packages="libfreetype6 libharfbuzz0b libglib2.0-0 libgraphite2-3 libpcre2-8-0 libpng16-16 libbrotli1 liblcms2-2 libfontconfig1 libexpat1"
font_package=fonts-dejavu-core
# The CA bundle Debian's ca-certificates generates. The SDK's CRT S3 client (the Transfer Manager)
# builds its TLS context from the system trust store, not Java's cacerts, and fails to start
# without one (AWS_IO_TLS_ERROR_DEFAULT_TRUST_STORE_NOT_FOUND), on http:// endpoints too.
ca_bundle=/etc/ssl/certs/ca-certificates.crt
busybox=/bin/busybox
job_uid=${JOB_UID:-1000}
job_gid=${JOB_GID:-1000}

for tool in jlink dpkg-query sha256sum tar "$busybox"; do
  command -v "$tool" >/dev/null || { echo "build-base: $tool not found: install Debian package busybox-static for $busybox (scripts/test installs it as root)" >&2; exit 1; }
done
[[ -f "$ca_bundle" ]] || { echo "build-base: $ca_bundle not found: install Debian package ca-certificates" >&2; exit 1; }

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
fingerprint=$( {
  sha256sum "$0"
  echo "$modules $job_uid $job_gid"
  cat "$java_home/release"
  dpkg-query -W -f '${Package} ${Version}\n' $lib_packages $desktop_packages $font_package busybox-static
  sha256sum "$ca_bundle"
} | sha256sum | cut -d' ' -f1)
if [[ -f "$out/base.tar" && -f "$out/glibc-base.tar" && -f "$out/ssl/cert.pem" && -f "$out/fingerprint" \
      && "$(cat "$out/fingerprint")" == "$fingerprint" ]]; then
  echo "build-base: $out/base.tar is up to date"
  exit 0
fi
rm -f "$out/fingerprint"

work="$out/work"
rootfs="$work/rootfs"
rm -rf "$work" "$out/jre" "$out/ssl"
mkdir -p "$rootfs"

# Java runtime.
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/jre"
# Each library once, under its soname (the symlink ld.so looks for), as a plain file: Jib's
# extraDirectories would otherwise copy the symlink and its target as two files.
for pkg in $desktop_packages; do
  dpkg-query -L "$pkg" | grep -E '^/(usr/)?lib/x86_64-linux-gnu/[^/]*\.so\.[0-9]+$' | while read -r f; do
    [[ -L "$f" ]] && cp -L "$f" "$out/jre/lib/"
  done
done
# Fonts and a Fontconfig configuration inside the JRE; FONTCONFIG_FILE (set in the image) points
# Fontconfig at it. The cache goes below $HOME, which the entry script makes writable.
mkdir -p "$out/jre/conf/fonts/dejavu"
dpkg-query -L "$font_package" | grep -E '\.ttf$' | while read -r f; do cp "$f" "$out/jre/conf/fonts/dejavu/"; done
cat >"$out/jre/conf/fonts/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/opt/java/conf/fonts/dejavu</dir>
  <cachedir prefix="xdg">fontconfig</cachedir>
</fontconfig>
XML
chmod -R u=rwX,go=rX "$out/jre/conf/fonts"
mkdir -p "$rootfs/opt"
cp -a "$out/jre" "$rootfs/opt/java"

# Shared libraries, laid out merged-/usr like Debian 12: real files under /usr/lib*, symlinks
# /lib -> usr/lib and /lib64 -> usr/lib64 below.
for pkg in $lib_packages; do
  dpkg-query -L "$pkg" | grep -E '^/(usr/)?lib(64)?/.*\.so(\.[0-9.]+)?$' | while read -r f; do
    [[ -e "$f" || -L "$f" ]] || continue
    dir=$(readlink -f "$(dirname "$f")")
    mkdir -p "$rootfs$dir"
    cp -a "$f" "$rootfs$dir/"
  done
done

# /bin/sh and the few tools the entry script uses, from one static binary.
mkdir -p "$rootfs/usr/bin" "$rootfs/usr/sbin"
cp "$busybox" "$rootfs/usr/bin/busybox"
for applet in $("$busybox" --list); do
  [[ -e "$rootfs/usr/bin/$applet" ]] || ln -s busybox "$rootfs/usr/bin/$applet"
done
ln -s usr/bin "$rootfs/bin"
ln -s usr/sbin "$rootfs/sbin"
ln -s usr/lib "$rootfs/lib"
ln -s usr/lib64 "$rootfs/lib64"

mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/tmp" "$rootfs/proc" "$rootfs/dev" "$rootfs/sys"
cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nbatchtrain:x:%s:%s:batchtrain job:/tmp:/sbin/nologin\n' "$job_uid" "$job_gid" >"$rootfs/etc/passwd"
printf 'root:x:0:\nbatchtrain:x:%s:\n' "$job_gid" >"$rootfs/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

deterministic_tar() { # dir output names...
  local dir=$1 output=$2
  shift 2
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
    -C "$dir" -cf "$output" "$@"
}

# image_tar OUTPUT TAG COMMENT ENV_JSON [tar options...]: a one-layer docker-save archive of the rootfs.
image_tar() {
  local output=$1 tag=$2 comment=$3 env=$4
  shift 4
  local image="$work/image-$tag" diff_id config_id
  rm -rf "$image"
  mkdir -p "$image"
  (cd "$rootfs" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu "$@" \
    -cf "$work/layer.tar" $(ls -A))
  diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  mkdir -p "$image/$diff_id"
  mv "$work/layer.tar" "$image/$diff_id/layer.tar"
  cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":$env},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"container/base/build-base.sh","comment":"$comment"}]}
JSON
  config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
  mv "$work/config.json" "$image/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":["batchtrain/%s:local"],"Layers":["%s/layer.tar"]}]\n' \
    "$config_id" "$tag" "$diff_id" >"$image/manifest.json"
  deterministic_tar "$image" "$output.partial" manifest.json "$config_id.json" "$diff_id"
  mv "$output.partial" "$output"
  echo "build-base: wrote $output ($(du -h "$output" | cut -f1), layer sha256:$diff_id)"
}

image_tar "$out/base.tar" base "batchtrain base: jlink runtime, glibc/libstdc++/libgcc/zlib, busybox, CA certificates" \
  '["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8","FONTCONFIG_FILE=/opt/java/conf/fonts/fonts.conf"]'
# A user's glibc image as the trainer image tests need one: no Java (the trainer image brings its
# JRE), no CA bundle (the trainer image brings one where the base has none).
image_tar "$out/glibc-base.tar" glibc-base "a glibc image without Java or CA certificates (trainer image tests)" \
  '["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]' \
  --exclude=./opt/java --exclude=opt/java --exclude=./etc/ssl --exclude=etc/ssl
mkdir -p "$out/ssl"
cp "$ca_bundle" "$out/ssl/cert.pem"
chmod 644 "$out/ssl/cert.pem"
rm -rf "$work"
echo "$fingerprint" >"$out/fingerprint"
