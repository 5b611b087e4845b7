import type { LocationResponse } from '../../service-locations/service-location.dto';

/** Where the citizen said they are: a chosen place (its code and name) or the browser's position. */
export interface Here {
  /** "lat,lng" for the search (undefined when the chosen place has no coordinates). */
  near?: string;
  /** In words: the place's name, or 您的位置. */
  label: string;
  /** The chosen place's code (kept in links as `place=`). */
  place?: string;
}

/** A position "lat,lng" as the search's `near` parameter takes it. */
export const nearOf = (p: { location: { lat: number; lng: number } | null }): string | undefined =>
  p.location ? `${p.location.lat},${p.location.lng}` : undefined;

/** Great-circle distance in metres (haversine; plenty for "which of these places is nearest" within a county). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Parses a `near` value (already validated by SearchQueryDto's pattern). */
export function parseNear(near: string): { lat: number; lng: number } {
  const [lat, lng] = near.split(',').map(Number);
  return { lat, lng };
}

/** Places with coordinates, nearest to `from` first, each with its distance; places without coordinates are left out. */
export function nearestFirst<T extends { location: { lat: number; lng: number } | null }>(
  places: T[],
  from: { lat: number; lng: number },
): (T & { distance: number })[] {
  return places
    .filter((p) => p.location)
    .map((p) => ({ ...p, distance: distanceMeters(from, p.location!) }))
    .sort((x, y) => x.distance - y.distance);
}

export interface PlaceGroup {
  /** The township (乡镇 / 街道), e.g. 北镇街道. */
  label: string;
  options: { code: string; label: string }[];
}

/**
 * The "您在哪里" choice: each township's 便民服务中心 and the village / community 代办点 under it, one group per township
 * in the order the list came (LEVEL_ORDER, then code). Names lose the city prefix ("北镇市大市镇大一村代办点" → "大一村代办点").
 */
export function placeGroups(points: LocationResponse[], cityPrefix = '北镇市'): PlaceGroup[] {
  const strip = (name: string, prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  const townships = points.filter((p) => p.level === '乡镇(街道)便民服务中心');
  return townships.map((t) => {
    const town = strip(t.name, cityPrefix).replace(/便民服务中心$/, '');
    const villages = points.filter((p) => p.level === '村(社区)代办点' && p.parent?.code === t.code);
    return {
      label: town,
      options: [{ code: t.code, label: `${town}便民服务中心` }, ...villages.map((v) => ({ code: v.code, label: strip(strip(v.name, cityPrefix), town) }))],
    };
  });
}
