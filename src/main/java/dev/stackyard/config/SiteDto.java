package dev.stackyard.config;

/**
 * One entry of {@code sites:} exactly as written. A linked site has {@code dir} (and usually
 * {@code name}, and may have {@code nginx}: a file of nginx lines); a parked folder has {@code park}
 * only (plus {@code php}, {@code web}).
 */
record SiteDto(String name, String dir, String park, String php, String web, Boolean secure, String nginx) {
}
