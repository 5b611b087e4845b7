import type { LocationResponse } from '../../service-locations/service-location.dto';
import { distanceMeters, nearestFirst, parseNear, placeGroups } from './places';

const place = (code: string, name: string, level: string, parent: string | null, location: { lat: number; lng: number } | null): LocationResponse => ({
  id: code,
  code,
  name,
  level,
  regionCode: null,
  department: null,
  parent: parent ? { code: parent, name: parent } : null,
  address: null,
  hours: null,
  phone: null,
  location,
  windows: [],
});

describe('places: distances and the township / village choice', () => {
  it('measures great-circle distances (one degree of latitude ≈ 111 km; 0.01° of longitude at 41.6° N ≈ 832 m)', () => {
    expect(distanceMeters({ lat: 41, lng: 121 }, { lat: 42, lng: 121 })).toBeGreaterThan(111_000);
    expect(distanceMeters({ lat: 41, lng: 121 }, { lat: 42, lng: 121 })).toBeLessThan(111_400);
    expect(Math.round(distanceMeters({ lat: 41.6, lng: 121.79 }, { lat: 41.6, lng: 121.8 }))).toBeGreaterThan(825);
    expect(Math.round(distanceMeters({ lat: 41.6, lng: 121.79 }, { lat: 41.6, lng: 121.8 }))).toBeLessThan(840);
    expect(distanceMeters({ lat: 41.6, lng: 121.8 }, { lat: 41.6, lng: 121.8 })).toBe(0);
  });

  it('orders places nearest first and leaves out places without coordinates', () => {
    const places = [
      place('far', '远', 'x', null, { lat: 41.9, lng: 121.8 }),
      place('none', '无坐标', 'x', null, null),
      place('near', '近', 'x', null, { lat: 41.61, lng: 121.8 }),
    ];
    const sorted = nearestFirst(places, parseNear('41.6,121.8'));
    expect(sorted.map((p) => p.code)).toEqual(['near', 'far']);
    expect(sorted[0].distance).toBeLessThan(sorted[1].distance);
  });

  it('groups village points under their township, names without the city and township prefix', () => {
    const groups = placeGroups([
      place('T1', '北镇市大市镇便民服务中心', '乡镇(街道)便民服务中心', 'C', null),
      place('T2', '北镇市北镇街道便民服务中心', '乡镇(街道)便民服务中心', 'C', null),
      place('V1', '北镇市大市镇大一村代办点', '村(社区)代办点', 'T1', null),
      place('V2', '北镇市北镇街道鼓楼社区代办点', '村(社区)代办点', 'T2', null),
      place('V3', '北镇市大市镇大东沟村代办点', '村(社区)代办点', 'T1', null),
    ]);
    expect(groups).toEqual([
      {
        label: '大市镇',
        options: [
          { code: 'T1', label: '大市镇便民服务中心' },
          { code: 'V1', label: '大一村代办点' },
          { code: 'V3', label: '大东沟村代办点' },
        ],
      },
      {
        label: '北镇街道',
        options: [
          { code: 'T2', label: '北镇街道便民服务中心' },
          { code: 'V2', label: '鼓楼社区代办点' },
        ],
      },
    ]);
  });
});
