#!/bin/sh
# Builds the small Java runtime the image runs Kor'tana on (docker/Dockerfile runs it; so does DeploymentFilesIT, which
# then starts Kor'tana on the result). jdeps and jlink of a JDK 17 or later must be on PATH.
#   docker/jre.sh APP_DIR OUT_DIR       APP_DIR holds kortana.jar and lib/; OUT_DIR must not exist yet
set -eu
app=$1
out=$2

# The modules the classes name.
found=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$app/kortana.jar" "$app"/lib/*.jar)
# The modules no class names, found by name at run time. Without jdk.crypto.ec there is no Ed25519 (Kor'tana will not
# start: the audit log signs with it) and no TLS handshake with most servers (ECDHE); jdk.zipfs is the provider for
# FileSystems.newFileSystem on a jar or zip, which a library may use to list its resources.
extra=jdk.crypto.ec,jdk.zipfs

jlink --add-modules "$found,$extra" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out"
echo "jre.sh: $out holds $found,$extra"
