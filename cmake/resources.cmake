# Resource files compiled at build time from the data packages scripts/setup.sh installs.
# Each resource compiler is a `mosaic` subcommand; the outputs land in the build tree and the
# binary finds them next to itself (see src/util/resources.h).
set(MOSAIC_NPM ${PROJECT_SOURCE_DIR}/resources/node_modules)
if(EXISTS ${PROJECT_SOURCE_DIR}/cmake/resources_gazetteer.cmake)
  include(${PROJECT_SOURCE_DIR}/cmake/resources_gazetteer.cmake)
endif()
